using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mose.Runtime.Memory;

/// <summary>
/// Finds which pages of a mapping CRIU would dump: present or swapped, and private to the process (anonymous,
/// or copied on write from a file). Uses the PAGEMAP_SCAN ioctl where the kernel has it and falls back to
/// reading pagemap entries, which works on every kernel but cannot tell the shared zero page apart for us.
/// Each call looks at a bounded part of the range so memory stays small however large the mapping is.
/// </summary>
internal sealed class PageFinder
{
    private const int RegionsPerScan = 512;

    // 512 KiB of entries per read covers 256 MiB of address space.
    private const int EntriesPerRead = 64 * 1024;

    private const ulong EntryPresent = 1UL << 63;
    private const ulong EntrySwapped = 1UL << 62;

    // Set for page-cache pages and for shared anonymous memory; clear for a private copy.
    private const ulong EntryFileOrShared = 1UL << 61;

    private const int Esrch = 3;
    private const int Einval = 22;
    private const int Enotty = 25;
    private const int Eopnotsupp = 95;

    private readonly PagemapIoctl.PageRegion[] _regions = new PagemapIoctl.PageRegion[RegionsPerScan];
    private byte[]? _entries;

    public PageFinder(bool useScanIoctl) => UsesScanIoctl = useScanIoctl;

    /// <summary>Whether PAGEMAP_SCAN is (still) used; it turns off for good without kernel support.</summary>
    public bool UsesScanIoctl { get; private set; }

    /// <summary>
    /// Appends to <paramref name="runs"/> the dumpable runs found at the start of [start, end) and returns
    /// the address to continue from (<paramref name="end"/> when the range is done), or null when the process
    /// is gone.
    /// </summary>
    public ulong? Find(SafeFileHandle pagemap, ulong start, ulong end, List<PageRun> runs)
    {
        if (UsesScanIoctl)
        {
            var resume = Scan(pagemap, start, end, runs, out var unsupported);
            if (!unsupported)
            {
                return resume;
            }

            UsesScanIoctl = false;
        }

        return ReadEntries(pagemap, start, end, runs);
    }

    private ulong? Scan(SafeFileHandle pagemap, ulong start, ulong end, List<PageRun> runs,
        out bool unsupported)
    {
        unsupported = false;
        var count = PagemapIoctl.Scan(pagemap, start, end, _regions, out var walkEnd, out var error);
        if (count < 0)
        {
            unsupported = error is Enotty or Einval or Eopnotsupp;
            return unsupported || error == Esrch
                ? null
                : throw new IOException($"PAGEMAP_SCAN failed with errno {error}");
        }

        foreach (var region in _regions.AsSpan(0, count))
        {
            var pages = (long)((region.End - region.Start) / LiveMemoryReader.PageSize);
            var swapped = (region.Categories & PagemapIoctl.IsPresent) == 0;
            runs.Add(new PageRun(region.Start, pages, swapped));
        }

        // A walk that made no progress would loop forever; treat it as the end of the range.
        return walkEnd > start ? Math.Min(walkEnd, end) : end;
    }

    private ulong? ReadEntries(SafeFileHandle pagemap, ulong start, ulong end, List<PageRun> runs)
    {
        _entries ??= GC.AllocateUninitializedArray<byte>(EntriesPerRead * sizeof(ulong));
        var wanted = (int)Math.Min((end - start) / LiveMemoryReader.PageSize, EntriesPerRead);
        var offset = (long)(start / LiveMemoryReader.PageSize * sizeof(ulong));
        var read = RandomAccess.Read(pagemap, _entries.AsSpan(0, wanted * sizeof(ulong)), offset);
        if (read == 0)
        {
            // pagemap reads nothing once the process's memory is gone.
            return null;
        }

        // Entries are in the host's byte order.
        var entries = MemoryMarshal.Cast<byte, ulong>(_entries.AsSpan(0, read));
        var run = default(PageRun);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var dumpable = (entry & (EntryPresent | EntrySwapped)) != 0 && (entry & EntryFileOrShared) == 0;
            var address = start + ((ulong)i * LiveMemoryReader.PageSize);
            var swapped = (entry & EntryPresent) == 0;
            if (dumpable && run.Pages > 0 && run.End == address && run.Swapped == swapped)
            {
                run = run with { Pages = run.Pages + 1 };
                continue;
            }

            if (run.Pages > 0)
            {
                runs.Add(run);
            }

            run = dumpable ? new PageRun(address, 1, swapped) : default;
        }

        if (run.Pages > 0)
        {
            runs.Add(run);
        }

        return start + ((ulong)entries.Length * LiveMemoryReader.PageSize);
    }
}
