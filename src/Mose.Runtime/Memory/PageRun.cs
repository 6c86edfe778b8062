namespace Mose.Runtime.Memory;

/// <summary>Contiguous pages of one process that CRIU would dump, all present or all swapped.</summary>
/// <param name="Address">Virtual address of the first page.</param>
/// <param name="Pages">Number of 4 KiB pages.</param>
/// <param name="Swapped">The pages are in swap rather than in RAM.</param>
internal readonly record struct PageRun(ulong Address, long Pages, bool Swapped)
{
    /// <summary>First byte after the run.</summary>
    public ulong End => Address + ((ulong)Pages * LiveMemoryReader.PageSize);
}
