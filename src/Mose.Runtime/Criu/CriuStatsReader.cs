using Google.Protobuf;

namespace Mose.Runtime.Criu;

/// <summary>
/// Reads CRIU's stats-dump and stats-restore images. Layout: two 32-bit magics (service image, stats),
/// then one entry: a 32-bit length and a protobuf StatsEntry { dump = 1, restore = 2 }. Times are in µs.
/// </summary>
public static class CriuStatsReader
{
    private const uint ServiceMagic = 0x55105940;
    private const uint StatsMagic = 0x57093306;

    /// <summary>Parses a stats-dump file; null when missing or malformed.</summary>
    public static CriuDumpStats? ReadDump(string path)
    {
        var fields = ReadEntry(path, outerField: 1);
        if (fields is null)
        {
            return null;
        }

        return new CriuDumpStats(Ms(fields, 1), Ms(fields, 2), Ms(fields, 3), Ms(fields, 4),
            Get(fields, 5), Get(fields, 7));
    }

    /// <summary>Parses a stats-restore file; null when missing or malformed.</summary>
    public static CriuRestoreStats? ReadRestore(string path)
    {
        var fields = ReadEntry(path, outerField: 2);
        if (fields is null)
        {
            return null;
        }

        return new CriuRestoreStats(Ms(fields, 3), Ms(fields, 4), Get(fields, 5));
    }

    internal static Dictionary<int, ulong>? Parse(ReadOnlySpan<byte> image, int outerField)
    {
        if (image.Length < 12
            || BitConverter.ToUInt32(image[..4]) != ServiceMagic
            || BitConverter.ToUInt32(image[4..8]) != StatsMagic)
        {
            return null;
        }

        var length = BitConverter.ToUInt32(image[8..12]);
        if (length > (uint)(image.Length - 12))
        {
            return null;
        }

        var outer = new CodedInputStream(image.Slice(12, (int)length).ToArray());
        uint tag;
        while ((tag = outer.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == outerField
                && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                return ReadVarints(outer.ReadBytes().ToByteArray());
            }

            outer.SkipLastField();
        }

        return null;
    }

    private static Dictionary<int, ulong>? ReadEntry(string path, int outerField)
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllBytes(path), outerField) : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static Dictionary<int, ulong> ReadVarints(byte[] message)
    {
        var fields = new Dictionary<int, ulong>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                fields[WireFormat.GetTagFieldNumber(tag)] = input.ReadUInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }

    private static double Ms(Dictionary<int, ulong> fields, int field) => Get(fields, field) / 1000.0;

    private static long Get(Dictionary<int, ulong> fields, int field) =>
        fields.TryGetValue(field, out var value) ? (long)value : 0;
}
