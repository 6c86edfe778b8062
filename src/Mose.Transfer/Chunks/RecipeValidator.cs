namespace Mose.Transfer.Chunks;

/// <summary>
/// Checks a recipe from a peer before anything is written: every path stays inside the root, appears once
/// and has a listed directory as parent (so no file is ever written through a symlink), block counts fit
/// the sizes, and symlinks stay inside.
/// </summary>
internal static class RecipeValidator
{
    private const uint PermissionBits = 0xFFF;

    /// <summary>Throws for the first problem found.</summary>
    /// <exception cref="StateIntegrityException">The recipe is unsafe or inconsistent.</exception>
    public static void Validate(ImageRecipe recipe)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in recipe.Directories.OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            CheckPath(directory.Path, seen, directories);
            CheckMode(directory.Path, directory.Mode);
            directories.Add(directory.Path);
        }

        foreach (var symlink in recipe.Symlinks)
        {
            CheckPath(symlink.Path, seen, directories);
            Refuse(symlink.Path, SymlinkTarget.Problem(symlink.Path, symlink.Target ?? string.Empty));
        }

        foreach (var file in recipe.Files)
        {
            CheckPath(file.Path, seen, directories);
            CheckMode(file.Path, file.Mode);
            if (file.Size < 0 || file.Chunks is null || file.Chunks.Count != Chunk.CountFor(file.Size))
            {
                Refuse(file.Path, $"{file.Chunks?.Count ?? 0} blocks cannot make {file.Size} bytes");
            }
        }
    }

    private static void CheckPath(string path, HashSet<string> seen, HashSet<string> directories)
    {
        RelativePath.Validate(path);
        if (!seen.Add(path))
        {
            Refuse(path, "listed twice in the recipe");
        }

        var slash = path.LastIndexOf('/');
        if (slash > 0 && !directories.Contains(path[..slash]))
        {
            Refuse(path, $"its parent '{path[..slash]}' is not a directory of the recipe");
        }
    }

    private static void CheckMode(string path, uint mode)
    {
        if ((mode & ~PermissionBits) != 0)
        {
            Refuse(path, $"mode {Convert.ToString(mode, 8)} has bits beyond the permission bits");
        }
    }

    private static void Refuse(string path, string? problem)
    {
        if (problem is not null)
        {
            throw new StateIntegrityException(path, problem);
        }
    }
}
