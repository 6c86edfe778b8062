using System.Buffers;

namespace Mose.Transfer.Chunks;

/// <summary>
/// Destination side of a chunked image transfer: rebuilds every file of a recipe byte for byte from the
/// chunk store, verifies it and renames it into place, so CRIU restores from exactly what was dumped.
/// </summary>
public static class ImageAssembler
{
    /// <summary>
    /// Validates the recipe, checks that the store holds every chunk, then creates the directories, rebuilds
    /// the files, recreates the symlinks and finally applies the directories' modes. The store is pinned
    /// throughout. Entries already under <paramref name="targetRoot"/> are replaced; others are left alone.
    /// </summary>
    /// <param name="store">Holds the chunks.</param>
    /// <param name="recipe">What to rebuild; typically received from the source.</param>
    /// <param name="targetRoot">Directory the image is rebuilt in; created if absent.</param>
    /// <param name="cancellationToken">Stops the rebuild; the file in progress is removed.</param>
    /// <param name="drafts">Gives a file's draft built before the freeze (taken over), or null; see
    /// <see cref="ImageDraft"/>.</param>
    /// <exception cref="StateIntegrityException">The recipe is unsafe or inconsistent, a chunk is missing or
    /// corrupt, or a rebuilt file does not match its size or hash; the message names the file. Nothing is
    /// left under that file's name.</exception>
    public static async Task AssembleAsync(ChunkStore store, ImageRecipe recipe, string targetRoot,
        CancellationToken cancellationToken, Func<RecipeFile, ImageDraft?>? drafts = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(targetRoot);
        RecipeValidator.Validate(recipe);
        using var pin = store.Pin();
        RefuseMissingChunks(store, recipe);

        // Sorted here rather than trusted from the peer: parents must come before their children.
        var directories = recipe.Directories.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
        Directory.CreateDirectory(targetRoot);
        foreach (var directory in directories)
        {
            var full = RelativePath.ResolveForWrite(targetRoot, directory.Path);
            DiskEntry.RemoveUnless(full, DiskEntryKind.Directory);
            Directory.CreateDirectory(full);
        }

        byte[][] buffers =
        [
            ArrayPool<byte>.Shared.Rent(FileRebuilder.BufferBytes),
            ArrayPool<byte>.Shared.Rent(FileRebuilder.BufferBytes),
        ];
        try
        {
            foreach (var file in recipe.Files)
            {
                var full = RelativePath.ResolveForWrite(targetRoot, file.Path);
                await FileRebuilder.RebuildAsync(store, file, full, buffers, drafts?.Invoke(file), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }

        // Symlinks last, so that no file of this recipe is ever written through one.
        foreach (var symlink in recipe.Symlinks)
        {
            DiskEntry.EnsureSymlink(RelativePath.ResolveForWrite(targetRoot, symlink.Path), symlink.Target);
        }

        // Deepest first and after the files, so a read-only directory does not block writing its contents.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var directory = directories[i];
            UnixMode.Set(RelativePath.Combine(targetRoot, directory.Path), directory.Mode);
        }
    }

    private static void RefuseMissingChunks(ChunkStore store, ImageRecipe recipe)
    {
        var missing = store.Missing(recipe.DistinctChunks());
        if (missing.Count == 0)
        {
            return;
        }

        var absent = missing.ToHashSet();
        var files = recipe.Files.Where(f => f.Chunks.Any(absent.Contains)).ToList();
        var first = files[0];
        var index = first.Chunks.Select((hash, i) => (hash, i)).First(c => absent.Contains(c.hash)).i;
        var others = files.Count > 1 ? $"; {files.Count - 1} other files lack chunks too" : string.Empty;
        throw new StateIntegrityException(first.Path,
            $"{first.Chunks.Count(absent.Contains)} of its {first.Chunks.Count} chunks are not in the store, "
            + $"the first at offset {(long)index * Chunk.Size} ({Chunk.Format(first.Chunks[index])}); "
            + $"{missing.Count} chunks are missing in all{others}");
    }
}
