using System.Globalization;
using System.IO.Hashing;

namespace Mose.Transfer.Chunks;

/// <summary>
/// The unit of content addressing: one 4 KiB memory page, or one 4 KiB block of a CRIU image file.
/// CRIU's pages-*.img files are raw page data, so their blocks line up with pages read from a live process.
/// </summary>
public static class Chunk
{
    /// <summary>Bytes in a chunk; only the last block of a file may be shorter.</summary>
    public const int Size = 4096;

    /// <summary>The chunk's address: XxHash128 of its bytes.</summary>
    /// <param name="data">The chunk's bytes.</param>
    /// <returns>The hash.</returns>
    public static UInt128 Hash(ReadOnlySpan<byte> data) => XxHash128.HashToUInt128(data);

    /// <summary>Formats a hash as 32 lowercase hex digits, for messages and logs.</summary>
    /// <param name="hash">The hash.</param>
    /// <returns>The hex text.</returns>
    public static string Format(UInt128 hash) => hash.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>Number of blocks a file of <paramref name="size"/> bytes is cut into.</summary>
    /// <param name="size">File size in bytes.</param>
    /// <returns>The block count; zero for an empty file.</returns>
    public static long CountFor(long size) => (size + Size - 1) / Size;
}
