using System.Buffers.Binary;
using Google.Protobuf;
using K4os.Compression.LZ4;
using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>How 4 KiB chunks and their hashes travel between agents.</summary>
public static class ChunkWire
{
    /// <summary>Bytes of one packed hash.</summary>
    public const int HashBytes = 16;

    // LZ4 must save at least a tenth, or decompressing costs more than the bytes it saves on a fast link.
    private const int MaxCompressed = 4096 * 9 / 10;

    /// <summary>Packs hashes 16 bytes each, little-endian.</summary>
    public static ByteString Pack(IReadOnlyCollection<UInt128> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var bytes = new byte[hashes.Count * HashBytes];
        var offset = 0;
        foreach (var hash in hashes)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(offset), hash);
            offset += HashBytes;
        }

        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>Unpacks hashes packed 16 bytes each.</summary>
    /// <exception cref="StateIntegrityException">The length is not a multiple of 16.</exception>
    public static List<UInt128> Unpack(ByteString packed)
    {
        ArgumentNullException.ThrowIfNull(packed);
        if (packed.Length % HashBytes != 0)
        {
            throw new StateIntegrityException($"a packed hash list of {packed.Length} bytes is not a multiple of 16");
        }

        var span = packed.Span;
        var hashes = new List<UInt128>(packed.Length / HashBytes);
        for (var offset = 0; offset < span.Length; offset += HashBytes)
        {
            hashes.Add(BinaryPrimitives.ReadUInt128LittleEndian(span[offset..]));
        }

        return hashes;
    }

    /// <summary>One hash as 16 bytes.</summary>
    public static ByteString Pack(UInt128 hash) => Pack([hash]);

    /// <summary>One hash from 16 bytes.</summary>
    public static UInt128 UnpackOne(ByteString packed) =>
        packed.Length == HashBytes
            ? BinaryPrimitives.ReadUInt128LittleEndian(packed.Span)
            : throw new StateIntegrityException($"a hash must be 16 bytes, not {packed.Length}");

    /// <summary>A chunk for the wire, LZ4-compressed only where that saves a tenth or more: random pages
    /// fail fast and go raw.</summary>
    public static Mose.Contracts.Agent.Chunk Encode(UInt128 hash, ReadOnlySpan<byte> data, Span<byte> scratch)
    {
        var packed = Pack(hash);
        var length = data.Length >= 256 ? LZ4Codec.Encode(data, scratch[..MaxCompressed]) : -1;
        return length > 0
            ? new Mose.Contracts.Agent.Chunk
            {
                Hash = packed, Data = ByteString.CopyFrom(scratch[..length]), Compressed = true, RawLength = data.Length,
            }
            : new Mose.Contracts.Agent.Chunk { Hash = packed, Data = ByteString.CopyFrom(data), RawLength = data.Length };
    }

    /// <summary>The chunk's bytes, decompressed into <paramref name="scratch"/> if needed.</summary>
    /// <exception cref="StateIntegrityException">A length is out of range or the LZ4 block is corrupt.</exception>
    public static ReadOnlySpan<byte> Decode(Mose.Contracts.Agent.Chunk chunk, Span<byte> scratch)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.RawLength is < 0 or > 4096)
        {
            throw new StateIntegrityException($"a chunk claims {chunk.RawLength} bytes; at most 4096 are allowed");
        }

        if (!chunk.Compressed)
        {
            return chunk.Data.Length == chunk.RawLength
                ? chunk.Data.Span
                : throw new StateIntegrityException($"a chunk has {chunk.Data.Length} bytes, not {chunk.RawLength}");
        }

        var decoded = LZ4Codec.Decode(chunk.Data.Span, scratch[..chunk.RawLength]);
        return decoded == chunk.RawLength
            ? scratch[..decoded]
            : throw new StateIntegrityException("a chunk's LZ4 block is corrupt");
    }
}
