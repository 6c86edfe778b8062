namespace Mose.Runtime.Memory;

/// <summary>
/// What one read of live memory came across, counted as it goes; complete once the enumeration has ended.
/// </summary>
public sealed class MemoryReadTally
{
    /// <summary>Processes whose memory was opened (including ones that exited part way).</summary>
    public int Processes { get; internal set; }

    /// <summary>Processes skipped because they had exited before or while being read.</summary>
    public int ExitedProcesses { get; internal set; }

    /// <summary>Pages read and hashed.</summary>
    public long Pages { get; internal set; }

    /// <summary>Pages among <see cref="Pages"/> that were in swap; reading brought them back.</summary>
    public long SwappedPages { get; internal set; }

    /// <summary>
    /// Pages the page tables listed but that could not be read: unmapped in between, or in a mapping that
    /// refuses reads. The final dump carries whatever of them still exists.
    /// </summary>
    public long UnreadablePages { get; internal set; }

    /// <summary>Bytes read and hashed.</summary>
    public long Bytes => Pages * LiveMemoryReader.PageSize;
}
