namespace Mose.Transfer.Chunks;

/// <summary>Settings of a <see cref="ChunkStore"/>.</summary>
public sealed class ChunkStoreOptions
{
    /// <summary>Smallest allowed <see cref="PackBytes"/>: one chunk.</summary>
    public const long MinPackBytes = Chunk.Size;

    /// <summary>Largest allowed <see cref="PackBytes"/>: 1 GiB, so one eviction never frees too
    /// much.</summary>
    public const long MaxPackBytes = 1L << 30;

    /// <summary>Directory holding the packs; created if absent. Required.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>
    /// Disk budget that <see cref="ChunkStore.Trim"/> brings the packs down to. The pack being written is
    /// never evicted, so the store can exceed the budget by up to one pack. At least 0; default 4 GiB.
    /// </summary>
    public long MaxBytes { get; set; } = 4L << 30;

    /// <summary>
    /// A new pack is started once the current one would grow past this. Eviction frees whole packs, so
    /// this is also its granularity. Between <see cref="MinPackBytes"/> and <see cref="MaxPackBytes"/>;
    /// default 64 MiB.
    /// </summary>
    public long PackBytes { get; set; } = 64L << 20;

    /// <summary>Throws naming the first field that is out of range.</summary>
    /// <exception cref="ArgumentException">A field is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("ChunkStoreOptions.Directory is required.", nameof(Directory));
        }

        if (MaxBytes < 0)
        {
            throw new ArgumentException(
                $"ChunkStoreOptions.MaxBytes must be at least 0, not {MaxBytes}.", nameof(MaxBytes));
        }

        if (PackBytes is < MinPackBytes or > MaxPackBytes)
        {
            throw new ArgumentException(
                $"ChunkStoreOptions.PackBytes must be between {MinPackBytes} and {MaxPackBytes}, "
                + $"not {PackBytes}.", nameof(PackBytes));
        }
    }
}
