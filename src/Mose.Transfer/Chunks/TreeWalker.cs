namespace Mose.Transfer.Chunks;

/// <summary>
/// Lists a directory tree without following symlinks. CRIU image directories normally hold only regular
/// files; anything that could not be rebuilt safely on the other side is refused here, at the source.
/// </summary>
internal static class TreeWalker
{
    private static readonly EnumerationOptions ChildOptions = new()
    {
        // On Unix "hidden" means dot-files; those are state too, so nothing is skipped.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Lists everything below <paramref name="root"/>.</summary>
    /// <exception cref="StateIntegrityException">A symlink leads outside or an entry is not a regular
    /// file, directory or symlink.</exception>
    public static TreeListing List(string root, CancellationToken cancellationToken)
    {
        var directories = new List<RecipeDirectory>();
        var symlinks = new List<RecipeSymlink>();
        var files = new List<WalkedFile>();
        var pending = new Stack<(DirectoryInfo Directory, string Prefix)>();
        pending.Push((new DirectoryInfo(root), string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, prefix) = pending.Pop();
            foreach (var child in directory.EnumerateFileSystemInfos("*", ChildOptions))
            {
                var path = prefix + child.Name;
                if (child.LinkTarget is { } target)
                {
                    RefuseIf(path, SymlinkTarget.Problem(path, target));
                    symlinks.Add(new RecipeSymlink(path, target));
                }
                else if (child is DirectoryInfo subdirectory)
                {
                    directories.Add(new RecipeDirectory(path, (uint)child.UnixFileMode));
                    pending.Push((subdirectory, path + "/"));
                }
                else
                {
                    RefuseIf(path, UnixFileType.IsRegularFile(child.FullName) ? null
                        : "not a regular file, directory or symlink");
                    files.Add(new WalkedFile(path, child.FullName, (uint)child.UnixFileMode));
                }
            }
        }

        // Ordinal order of whole paths puts every directory before its contents.
        return new TreeListing(
            [.. directories.OrderBy(d => d.Path, StringComparer.Ordinal)],
            [.. symlinks.OrderBy(s => s.Path, StringComparer.Ordinal)],
            [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)]);
    }

    private static void RefuseIf(string path, string? problem)
    {
        if (problem is not null)
        {
            throw new StateIntegrityException(path, problem);
        }
    }
}
