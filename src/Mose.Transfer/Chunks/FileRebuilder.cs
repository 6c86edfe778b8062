using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Mose.Transfer.Chunks;

/// <summary>
/// Rebuilds one file from stored chunks into a hidden temporary sibling and renames it into place only once
/// its size and whole-file hash match the recipe, so a refused file never appears under its real name.
/// </summary>
internal static class FileRebuilder
{
    /// <summary>Bytes of each of the two buffers: one is filled while the other is written.</summary>
    public const int BufferBytes = 1 << 20;

    private const int ChunksPerBuffer = BufferBytes / Chunk.Size;

    /// <summary>Writes, verifies and renames the file.</summary>
    /// <param name="store">Holds every chunk of the file (checked beforehand, under a pin).</param>
    /// <param name="file">The validated recipe entry.</param>
    /// <param name="fullPath">Where the file belongs.</param>
    /// <param name="buffers">Two buffers of at least <see cref="BufferBytes"/>.</param>
    /// <param name="cancellationToken">Stops between writes; the temporary file is removed.</param>
    /// <param name="draft">A draft of the file built before the freeze, taken over (moved), or null.</param>
    public static async Task RebuildAsync(ChunkStore store, RecipeFile file, string fullPath,
        byte[][] buffers, ImageDraft? draft, CancellationToken cancellationToken)
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
                hash = await PatchAsync(store, file, draft, temp, buffers[0], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                hash = await WriteAsync(store, file, temp, buffers, cancellationToken).ConfigureAwait(false);
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
        byte[][] buffers, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
            FileOptions.None, preallocationSize: file.Size);
        var hasher = new XxHash128();
        var hashes = new UInt128[ChunksPerBuffer];
        var lengths = new int[ChunksPerBuffer];
        long written = 0;
        Task pending = Task.CompletedTask;
        try
        {
            for (var start = 0; start < file.Chunks.Count; start += ChunksPerBuffer)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = buffers[start / ChunksPerBuffer % 2];
                var count = Math.Min(ChunksPerBuffer, file.Chunks.Count - start);
                for (var i = 0; i < count; i++)
                {
                    hashes[i] = file.Chunks[start + i];
                }

                var used = ReadChunks(store, file, start, hashes.AsSpan(0, count), buffer, lengths);
                hasher.Append(buffer.AsSpan(0, used));

                // The other buffer's write must finish before that buffer is filled again next round.
                await pending.ConfigureAwait(false);
                pending = RandomAccess.WriteAsync(handle, buffer.AsMemory(0, used), written,
                    cancellationToken).AsTask();
                written += used;
            }
        }
        finally
        {
            // Never close the handle under a write in flight; its own fault, if any, surfaces here.
            await pending.ConfigureAwait(false);
        }

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
        var single = new byte[Chunk.Size];
        var lengths = new int[1];
        for (var first = 0; first < file.Chunks.Count; first += perWindow)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long offset = (long)first * Chunk.Size;
            var window = buffer.AsMemory(0, (int)Math.Min(buffer.Length, file.Size - offset));
            await RandomAccess.ReadAsync(handle, window, offset, cancellationToken).ConfigureAwait(false);
            var changed = false;
            for (var i = first; i < Math.Min(file.Chunks.Count, first + perWindow); i++)
            {
                if (i >= draft.Chunks.Count || draft.Chunks[i] != file.Chunks[i])
                {
                    var length = ReadChunks(store, file, i, [file.Chunks[i]], single, lengths);
                    single.AsSpan(0, length).CopyTo(buffer.AsSpan((i - first) * Chunk.Size));
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

    private static int ReadChunks(ChunkStore store, RecipeFile file, int start, ReadOnlySpan<UInt128> hashes,
        byte[] buffer, int[] lengths)
    {
        int missing;
        try
        {
            missing = store.ReadBatch(hashes, buffer, lengths);
        }
        catch (ChunkCorruptException ex)
        {
            var index = start + hashes.IndexOf(ex.Hash);
            throw new StateIntegrityException(file.Path,
                $"chunk {Chunk.Format(ex.Hash)} at offset {Offset(index)} is corrupt in the store "
                + $"({ex.Message})");
        }

        if (missing >= 0)
        {
            throw new StateIntegrityException(file.Path,
                $"chunk {Chunk.Format(hashes[missing])} at offset {Offset(start + missing)} is not in the "
                + "store");
        }

        var used = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            var expected = (int)Math.Min(Chunk.Size, file.Size - Offset(start + i));
            if (lengths[i] != expected)
            {
                throw new StateIntegrityException(file.Path,
                    $"chunk {Chunk.Format(hashes[i])} at offset {Offset(start + i)} holds {lengths[i]} "
                    + $"bytes, the recipe needs {expected}");
            }

            used += lengths[i];
        }

        return used;
    }

    private static long Offset(int index) => (long)index * Chunk.Size;
}
