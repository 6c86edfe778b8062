using System.Buffers.Binary;
using Mose.Runtime.Criu;

namespace Mose.Runtime.Tests;

public sealed class CriuStatsReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadDump_OfRealStatsFile_ReturnsCriusTimesInMilliseconds()
    {
        var stats = CriuStatsReader.ReadDump(Fixture.Path("stats-dump"));

        Assert.NotNull(stats);
        Assert.Equal(new CriuDumpStats(0.213, 48.617, 11.92, 0.159, 58, 31), stats);
    }

    [Fact]
    public void ReadDump_OfRealStatsFile_HasPlausibleValues()
    {
        var stats = CriuStatsReader.ReadDump(Fixture.Path("stats-dump"))!;

        Assert.True(stats.FrozenMs > 0);
        Assert.True(stats.FrozenMs >= stats.MemDumpMs);
        Assert.True(stats.PagesWritten > 0);
        Assert.True(stats.PagesScanned >= stats.PagesWritten);
    }

    [Fact]
    public void ReadRestore_OfRealStatsFile_ReturnsCriusTimesAndPages()
    {
        var stats = CriuStatsReader.ReadRestore(Fixture.Path("stats-restore"));

        Assert.NotNull(stats);
        Assert.Equal(new CriuRestoreStats(0, 2.596, 31), stats);
    }

    [Fact]
    public void ReadRestore_OfTheSameRun_RestoresEveryPageTheDumpWrote()
    {
        var dump = CriuStatsReader.ReadDump(Fixture.Path("stats-dump"))!;
        var restore = CriuStatsReader.ReadRestore(Fixture.Path("stats-restore"))!;

        Assert.True(restore.RestoreMs > 0);
        Assert.Equal(dump.PagesWritten, restore.PagesRestored);
    }

    [Fact]
    public void ReadDump_OfRestoreStats_ReturnsNull()
    {
        Assert.Null(CriuStatsReader.ReadDump(Fixture.Path("stats-restore")));
    }

    [Fact]
    public void ReadRestore_OfDumpStats_ReturnsNull()
    {
        Assert.Null(CriuStatsReader.ReadRestore(Fixture.Path("stats-dump")));
    }

    [Fact]
    public void ReadDump_OfMissingFile_ReturnsNull()
    {
        Assert.Null(CriuStatsReader.ReadDump(_dir.Combine("stats-dump")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(11)]
    public void ReadDump_OfShortFile_ReturnsNull(int length)
    {
        var path = _dir.Write("stats-dump", Fixture.Bytes("stats-dump")[..length]);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void ReadDump_WithWrongMagic_ReturnsNull(int offset)
    {
        var image = Fixture.Bytes("stats-dump");
        image[offset] ^= 0xFF;
        var path = _dir.Write("stats-dump", image);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Fact]
    public void ReadDump_OfAnotherCriuImage_ReturnsNull()
    {
        // The service magic followed by some other image's magic: a CRIU file of the wrong kind.
        var image = Fixture.Bytes("stats-dump");
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(4), 0x58313116);
        var path = _dir.Write("stats-dump", image);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Fact]
    public void ReadDump_WithLengthPastTheEnd_ReturnsNull()
    {
        var image = Fixture.Bytes("stats-dump")[..^5];
        var path = _dir.Write("stats-dump", image);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Fact]
    public void ReadDump_WithEntryCutInsideTheMessage_ReturnsNull()
    {
        // The length field agrees with the file, but the nested message claims more bytes than are left.
        var image = Fixture.Bytes("stats-dump")[..20];
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(8), 8);
        var path = _dir.Write("stats-dump", image);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Fact]
    public void ReadDump_WithEmptyEntry_ReturnsNull()
    {
        var image = Fixture.Bytes("stats-dump")[..12];
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(8), 0);
        var path = _dir.Write("stats-dump", image);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Fact]
    public void ReadDump_WithHugeLengthField_ReturnsNull()
    {
        var image = Fixture.Bytes("stats-dump");
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(8), 0xFFFF_FFFF);
        var path = _dir.Write("stats-dump", image);

        Assert.Null(CriuStatsReader.ReadDump(path));
    }

    [Fact]
    public void Parse_SkipsFieldsItDoesNotKnow()
    {
        // An entry with an unknown length-delimited field (9) before the dump entry (1 { frozen = 7 }).
        byte[] entry = [0x4A, 0x02, 0xAA, 0xBB, 0x0A, 0x02, 0x10, 0x07];
        var image = new byte[12 + entry.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(image, 0x55105940);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(4), 0x57093306);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(8), (uint)entry.Length);
        entry.CopyTo(image, 12);

        var fields = CriuStatsReader.Parse(image, outerField: 1);

        Assert.NotNull(fields);
        Assert.Equal(7UL, fields[2]);
        Assert.Single(fields);
    }
}
