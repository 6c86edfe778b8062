using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Mose.Transfer.Chunks;

/// <summary>
/// Rebuilds one file from stored chunks into a hidden temporary sibling and renames it into place only once
/// its size and whole-file hash match the recipe, so a refused file never appears under its real name.
/// </summary>
internal static class FileRebuilder
{
    /// <summary>Writes, verifies and renames the file.</summary>
    /// <param name="store">Holds every chunk of the file (checked beforehand, under a pin).</param>
    /// <param name="file">The validated recipe entry.</param>
    /// <param name="fullPath">Where the file belongs.</param>
    /// <param name="buffer">Scratch space, a multiple of <see cref="Chunk.Size"/>.</param>
    /// <param name="cancellationToken">Stops between writes; the temporary file is removed.</param>
    /// <param name="draft">A draft of the file built before the freeze, taken over (moved), or null.</param>
    public static async Task RebuildAsync(ChunkStore store, RecipeFile file, string fullPath, byte[] buffer,
        ImageDraft? draft, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        var temp = Path.Join(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.mose-part");
        var committed = false;
        try
        {
            UInt128 hash;
            if (draft is not null)
            {
                File.Move(draft.Path, temp);
                hash = await PatchAsync(store, file, draft, temp, buffer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                hash = await WriteAsync(store, file, temp, buffer, cancellationToken).ConfigureAwait(false);
            }

            if (hash != file.FileHash)
            {
                throw new StateIntegrityException(file.Path,
                    $"whole-file hash {Chunk.Format(hash)} differs from the recipe's "
                    + $"{Chunk.Format(file.FileHash)}: the image is torn or partial");
            }

            UnixMode.Set(temp, file.Mode);
            DiskEntry.RemoveUnless(fullPath, DiskEntryKind.File);

            // rename(2) replaces whatever file is at the destination atomically.
            File.Move(temp, fullPath, overwrite: true);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                File.Delete(temp);
            }
        }
    }

    private static async Task<UInt128> WriteAsync(ChunkStore store, RecipeFile file, string temp,
        byte[] buffer, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
            FileOptions.None, preallocationSize: file.Size);
        var hasher = new XxHash128();
        long written = 0;
        var used = 0;
        for (var i = 0; i < file.Chunks.Count; i++)
        {
            if (used + Chunk.Size > buffer.Length)
            {
                written += await FlushAsync(handle, hasher, buffer, used, written, cancellationToken)
                    .ConfigureAwait(false);
                used = 0;
            }

            used += ReadChunk(store, file, i, buffer.AsSpan(used, Chunk.Size));
        }

        written += await FlushAsync(handle, hasher, buffer, used, written, cancellationToken)
            .ConfigureAwait(false);
        if (written != file.Size)
        {
            throw new StateIntegrityException(file.Path, $"size mismatch: rebuilt {written} of {file.Size}");
        }

        return hasher.GetCurrentHashAsUInt128();
    }

    // Reads the draft window by window, replaces the blocks that differ from the recipe, writes back only
    // windows that changed, and hashes what the file finally holds.
    private static async Task<UInt128> PatchAsync(ChunkStore store, RecipeFile file, ImageDraft draft, string temp,
        byte[] buffer, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(temp, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, file.Size);
        var hasher = new XxHash128();
        var perWindow = buffer.Length / Chunk.Size;
        for (var first = 0; first < file.Chunks.Count; first += perWindow)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long offset = (long)first * Chunk.Size;
            var length = (int)Math.Min(buffer.Length, file.Size - offset);
            var window = buffer.AsMemory(0, length);
            await RandomAccess.ReadAsync(handle, window, offset, cancellationToken).ConfigureAwait(false);
            var changed = false;
            for (var i = first; i < Math.Min(file.Chunks.Count, first + perWindow); i++)
            {
                if (i >= draft.Chunks.Count || draft.Chunks[i] != file.Chunks[i])
                {
                    ReadChunk(store, file, i, buffer.AsSpan((i - first) * Chunk.Size, Chunk.Size));
                    changed = true;
                }
            }

            if (changed)
            {
                await RandomAccess.WriteAsync(handle, window, offset, cancellationToken).ConfigureAwait(false);
            }

            hasher.Append(window.Span);
        }

        return hasher.GetCurrentHashAsUInt128();
    }

    private static int ReadChunk(ChunkStore store, RecipeFile file, int index, Span<byte> destination)
    {
        var hash = file.Chunks[index];
        long offset = (long)index * Chunk.Size;
        var expected = (int)Math.Min(Chunk.Size, file.Size - offset);
        int length;
        try
        {
            if (!store.TryRead(hash, destination, out length))
            {
                throw new StateIntegrityException(file.Path,
                    $"chunk {Chunk.Format(hash)} at offset {offset} is not in the store");
            }
        }
        catch (ChunkCorruptException ex)
        {
            throw new StateIntegrityException(file.Path,
                $"chunk {Chunk.Format(hash)} at offset {offset} is corrupt in the store ({ex.Message})");
        }

        if (length != expected)
        {
            throw new StateIntegrityException(file.Path,
                $"chunk {Chunk.Format(hash)} at offset {offset} holds {length} bytes, the recipe needs "
                + $"{expected}");
        }

        return length;
    }

    private static async Task<int> FlushAsync(SafeFileHandle handle, XxHash128 hasher, byte[] buffer,
        int used, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        hasher.Append(buffer.AsSpan(0, used));
        await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, used), offset, cancellationToken)
            .ConfigureAwait(false);
        return used;
    }
}
