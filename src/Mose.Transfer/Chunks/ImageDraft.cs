namespace Mose.Transfer.Chunks;

/// <summary>
/// A file built ahead of the freeze from the pages a pre-copy round read, in the order the process holds
/// them: CRIU writes a process's pages into pages-*.img in the same address order, so at the freeze most
/// blocks of the dump are already in place and only the ones that changed are written.
/// </summary>
/// <param name="Path">The draft file.</param>
/// <param name="Chunks">The hash of each of its 4 KiB blocks, in order.</param>
public sealed record ImageDraft(string Path, IReadOnlyList<UInt128> Chunks)
{
    private const int SampleCount = 256;

    /// <summary>
    /// Writes or updates a draft so that it holds <paramref name="chunks"/> in order, reading them from the
    /// store; blocks that <paramref name="previous"/> already has at the same place are left as they are.
    /// Chunks the store lacks are left as zeros and recorded as unknown, so the assembly rewrites them.
    /// </summary>
    public static ImageDraft Update(ChunkStore store, string path, ImageDraft? previous, IReadOnlyList<UInt128> chunks)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chunks);
        var known = new UInt128[chunks.Count];
        var buffer = new byte[Chunk.Size];
        using (var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(handle, (long)chunks.Count * Chunk.Size);
            for (var i = 0; i < chunks.Count; i++)
            {
                if (previous is not null && i < previous.Chunks.Count && previous.Chunks[i] == chunks[i])
                {
                    known[i] = chunks[i];
                    continue;
                }

                if (store.TryRead(chunks[i], buffer, out var length) && length == Chunk.Size)
                {
                    RandomAccess.Write(handle, buffer, (long)i * Chunk.Size);
                    known[i] = chunks[i];
                }
            }
        }

        return new ImageDraft(path, known);
    }

    /// <summary>Share of sampled blocks of <paramref name="file"/> that this draft holds at the same place.</summary>
    public double Overlap(RecipeFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var count = Math.Min(file.Chunks.Count, Chunks.Count);
        if (count == 0)
        {
            return 0;
        }

        var step = Math.Max(1, count / SampleCount);
        var hits = 0;
        var samples = 0;
        for (var i = 0; i < count; i += step, samples++)
        {
            hits += file.Chunks[i] == Chunks[i] ? 1 : 0;
        }

        return (double)hits / samples * count / Math.Max(file.Chunks.Count, Chunks.Count);
    }
}
