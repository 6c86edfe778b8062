namespace Mose.Runtime.Memory;

/// <summary>How a <see cref="LiveMemoryReader"/> sizes its buffers.</summary>
public sealed class LiveMemoryReaderOptions
{
    /// <summary>Largest accepted <see cref="BatchPages"/>: 256 MiB of page content.</summary>
    public const int MaxBatchPages = 64 * 1024;

    /// <summary>
    /// Pages per batch, 1 to <see cref="MaxBatchPages"/>; default 2048 (8 MiB of content). The reader holds
    /// two batches' worth when <see cref="Prefetch"/> is on, one otherwise.
    /// </summary>
    public int BatchPages { get; init; } = 2048;

    /// <summary>
    /// Most pages fetched by one read of <c>/proc/PID/mem</c>, 1 to <see cref="BatchPages"/>; default 256
    /// (1 MiB). Larger reads save system calls; past about 1 MiB they gain nothing measurable.
    /// </summary>
    public int ReadPages { get; init; } = 256;

    /// <summary>
    /// Read the next batch on a pool thread while the caller works on the current one, so reading overlaps
    /// with whatever the caller does with the pages (look-ups, sending). Default true.
    /// </summary>
    public bool Prefetch { get; init; } = true;

    /// <summary>
    /// Whether to find pages with the PAGEMAP_SCAN ioctl when the kernel has it (the default), rather than
    /// by reading one pagemap entry per page. Tests turn it off to exercise the fallback.
    /// </summary>
    internal bool UseScanIoctl { get; init; } = true;

    /// <summary>Throws naming every field out of range.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (BatchPages is < 1 or > MaxBatchPages)
        {
            problems.Add($"{nameof(BatchPages)} must be 1..{MaxBatchPages}, not {BatchPages}");
        }

        if (ReadPages < 1 || ReadPages > BatchPages)
        {
            problems.Add(
                $"{nameof(ReadPages)} must be 1..{nameof(BatchPages)} ({BatchPages}), not {ReadPages}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid live memory reader options: " + string.Join("; ", problems));
        }
    }
}
