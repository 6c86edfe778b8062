using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mose.Runtime.Memory;

/// <summary>
/// The PAGEMAP_SCAN ioctl on <c>/proc/PID/pagemap</c> (Linux 6.7+): the kernel walks the page tables and
/// returns ranges of pages whose categories match, instead of one 8-byte entry per virtual page. That keeps
/// sparse mappings (a 64 GiB reservation with a few pages touched) cheap, and it can leave out pages that
/// still map the shared zero page, which CRIU does not dump either and which unprivileged pagemap readers
/// cannot tell apart.
/// </summary>
internal static unsafe partial class PagemapIoctl
{
    public const ulong IsFile = 1 << 2;
    public const ulong IsPresent = 1 << 3;
    public const ulong IsSwapped = 1 << 4;
    public const ulong IsPfnZero = 1 << 5;

    // _IOWR('f', 16, struct pm_scan_arg): direction 3 (read and write), the 96-byte argument, type 'f'.
    private const nuint PagemapScan = (3u << 30) | (96u << 16) | ('f' << 8) | 16;

    /// <summary>
    /// Fills <paramref name="regions"/> with ranges of [<paramref name="start"/>, <paramref name="end"/>)
    /// that are present or swapped, and neither file pages nor the zero page. Returns the count filled and
    /// sets
    /// <paramref name="walkEnd"/> to where the kernel stopped; -1 with the errno in <paramref name="error"/>.
    /// </summary>
    public static int Scan(SafeFileHandle pagemap, ulong start, ulong end, Span<PageRegion> regions,
        out ulong walkEnd, out int error)
    {
        fixed (PageRegion* vector = regions)
        {
            var argument = new ScanArgument
            {
                Size = (ulong)sizeof(ScanArgument),
                Start = start,
                End = end,
                Vector = (ulong)vector,
                VectorLength = (ulong)regions.Length,
                // A page matches when (categories ^ inverted) & mask == mask: here, file and zero-page both
                // clear.
                CategoryInverted = IsFile | IsPfnZero,
                CategoryMask = IsFile | IsPfnZero,
                CategoryAnyOfMask = IsPresent | IsSwapped,
                // Regions split where these differ, so each region is all present or all swapped.
                ReturnMask = IsPresent | IsSwapped,
            };
            var count = Ioctl(pagemap, PagemapScan, &argument);
            error = count < 0 ? Marshal.GetLastPInvokeError() : 0;
            walkEnd = argument.WalkEnd;
            return count;
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(SafeFileHandle fd, nuint request, ScanArgument* argument);

    /// <summary>struct page_region from linux/fs.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PageRegion
    {
        public ulong Start;
        public ulong End;
        public ulong Categories;
    }

    /// <summary>struct pm_scan_arg from linux/fs.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ScanArgument
    {
        public ulong Size;
        public ulong Flags;
        public ulong Start;
        public ulong End;
        public ulong WalkEnd;
        public ulong Vector;
        public ulong VectorLength;
        public ulong MaxPages;
        public ulong CategoryInverted;
        public ulong CategoryMask;
        public ulong CategoryAnyOfMask;
        public ulong ReturnMask;
    }
}
