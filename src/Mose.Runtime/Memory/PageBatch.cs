using System.IO.Hashing;

namespace Mose.Runtime.Memory;

/// <summary>
/// Pages read in one go from running processes: for each, where it came from, its hash and its bytes.
/// A batch is a view of the reader's buffers, not a copy: it is valid only until the enumeration moves on
/// (the next <c>MoveNextAsync</c>) or ends, after which the reader refills or releases the memory. Copy out
/// whatever must outlive that.
/// </summary>
public sealed class PageBatch
{
    private readonly byte[] _content;
    private readonly LivePage[] _pages;

    internal PageBatch(byte[] content, int capacity)
    {
        _content = content;
        _pages = new LivePage[capacity];
    }

    /// <summary>Number of pages in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>The pages, in the order they were read: by process, then by address.</summary>
    public ReadOnlySpan<LivePage> Pages => _pages.AsSpan(0, Count);

    /// <summary>All pages' bytes back to back: page i is at offset i × 4096.</summary>
    public ReadOnlyMemory<byte> Content => _content.AsMemory(0, Count * LiveMemoryReader.PageSize);

    internal int FreePages => _pages.Length - Count;

    /// <summary>The 4096 bytes of page <paramref name="index"/> as they were read (and hashed).</summary>
    public ReadOnlySpan<byte> ContentOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _content.AsSpan(index * LiveMemoryReader.PageSize, LiveMemoryReader.PageSize);
    }

    /// <summary>Where the next <paramref name="pages"/> pages are to be read into.</summary>
    internal Span<byte> Next(int pages) =>
        _content.AsSpan(Count * LiveMemoryReader.PageSize, pages * LiveMemoryReader.PageSize);

    /// <summary>Takes in and hashes <paramref name="pages"/> pages read into <see cref="Next"/>.</summary>
    internal void Commit(int pid, ulong address, int pages, bool swapped)
    {
        for (var i = 0; i < pages; i++)
        {
            var content = _content.AsSpan(Count * LiveMemoryReader.PageSize, LiveMemoryReader.PageSize);
            var hash = XxHash128.HashToUInt128(content);
            var pageAddress = address + ((ulong)i * LiveMemoryReader.PageSize);
            _pages[Count++] = new LivePage(pid, pageAddress, hash, swapped);
        }
    }

    internal void Clear() => Count = 0;
}
