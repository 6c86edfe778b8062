using System.Buffers.Binary;
using System.IO.Hashing;

namespace Mose.Transfer.Chunks;

/// <summary>
/// The index file of a pack: a 32-byte header, then one 32-byte record per chunk (hash, offset, length and
/// a check over those). Records are appended after the data they describe, so a crash leaves at most a
/// torn last record or records that point past the data's end; both are recognised and skipped on load.
/// </summary>
internal static class PackIndex
{
    /// <summary>Bytes of the header.</summary>
    public const int HeaderBytes = 32;

    /// <summary>Bytes of one record.</summary>
    public const int RecordBytes = 32;

    private const uint Version = 1;

    private static ReadOnlySpan<byte> Magic => "MOSEPIDX"u8;

    /// <summary>Writes the header: magic, format version and chunk size, then zeros.</summary>
    public static void WriteHeader(Span<byte> destination)
    {
        destination[..HeaderBytes].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Chunk.Size);
    }

    /// <summary>True when <paramref name="file"/> starts with a header this code understands.</summary>
    public static bool HasValidHeader(ReadOnlySpan<byte> file) =>
        file.Length >= HeaderBytes
        && file.StartsWith(Magic)
        && BinaryPrimitives.ReadUInt32LittleEndian(file[8..]) == Version
        && BinaryPrimitives.ReadUInt32LittleEndian(file[12..]) == Chunk.Size;

    /// <summary>Writes one record.</summary>
    public static void WriteRecord(Span<byte> destination, UInt128 hash, long offset, int length)
    {
        BinaryPrimitives.WriteUInt128LittleEndian(destination, hash);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], offset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], length);

        // The check catches records that were never fully written, e.g. zero-filled blocks after a crash.
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], XxHash32.HashToUInt32(destination[..28]));
    }

    /// <summary>Decodes one record; false when its check does not match.</summary>
    public static bool TryReadRecord(ReadOnlySpan<byte> source, out UInt128 hash, out long offset,
        out int length)
    {
        hash = BinaryPrimitives.ReadUInt128LittleEndian(source);
        offset = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
        length = BinaryPrimitives.ReadInt32LittleEndian(source[24..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(source[28..]) == XxHash32.HashToUInt32(source[..28]);
    }
}
