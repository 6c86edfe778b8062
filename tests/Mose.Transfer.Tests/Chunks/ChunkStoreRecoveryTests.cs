using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>What the store makes of packs damaged by a crash or by the disk.</summary>
public sealed class ChunkStoreRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<(UInt128 Hash, byte[] Data)> _chunks =
        [.. Enumerable.Range(1, 3).Select(i => ChunkData.Make(i))];

    public ChunkStoreRecoveryTests()
    {
        using var store = Open();
        foreach (var (hash, data) in _chunks)
        {
            store.Add(hash, data);
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_OfAChunkWithACorruptedPackByte_ThrowsAndForgetsIt()
    {
        FlipByte("pack-0.dat", Chunk.Size + 10);
        using var store = Open();

        var ex = Assert.Throws<ChunkCorruptException>(() => ChunkData.ReadBack(store, _chunks[1].Hash));

        Assert.Equal(_chunks[1].Hash, ex.Hash);
        Assert.Contains("pack-0.dat at offset 4096", ex.Message, StringComparison.Ordinal);
        Assert.Equal([_chunks[1].Hash], store.Missing(_chunks.Select(c => c.Hash)));
        Assert.Equal(_chunks[2].Data, ChunkData.ReadBack(store, _chunks[2].Hash));
    }

    [Fact]
    public void Reopen_WithATornLastIndexRecord_KeepsTheWholeRecords()
    {
        Truncate("pack-0.idx", by: 5);

        using var store = Open();

        Assert.Equal(2, store.Count);
        Assert.Equal([_chunks[2].Hash], store.Missing(_chunks.Select(c => c.Hash)));
        Assert.Equal(_chunks[1].Data, ChunkData.ReadBack(store, _chunks[1].Hash));
    }

    [Fact]
    public void Reopen_WithIndexRecordsPastTheDataEnd_DropsThoseRecords()
    {
        Truncate("pack-0.dat", by: 1);

        using var store = Open();

        Assert.Equal([_chunks[2].Hash], store.Missing(_chunks.Select(c => c.Hash)));
        Assert.Equal(_chunks[0].Data, ChunkData.ReadBack(store, _chunks[0].Hash));
    }

    [Fact]
    public void Reopen_WithAZeroFilledIndexRecord_SkipsIt()
    {
        using (var index = File.OpenWrite(StorePath("pack-0.idx")))
        {
            index.Position = 32;
            index.Write(new byte[32]);
        }

        using var store = Open();

        Assert.Equal([_chunks[0].Hash], store.Missing(_chunks.Select(c => c.Hash)));
    }

    [Fact]
    public void Reopen_WithAPackMissingItsIndex_RemovesTheData()
    {
        File.Delete(StorePath("pack-0.idx"));

        using var store = Open();

        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.Bytes);
        Assert.False(File.Exists(StorePath("pack-0.dat")));
    }

    [Fact]
    public void Add_AfterReopen_StartsANewPackAndKeepsTheOldOneReadable()
    {
        var extra = ChunkData.Make(9);
        using (var store = Open())
        {
            store.Add(extra.Hash, extra.Data);
        }

        using var reopened = Open();

        Assert.True(File.Exists(StorePath("pack-1.dat")));
        Assert.Equal(4, reopened.Count);
        Assert.Equal(_chunks[0].Data, ChunkData.ReadBack(reopened, _chunks[0].Hash));
        Assert.Equal(extra.Data, ChunkData.ReadBack(reopened, extra.Hash));
    }

    private ChunkStore Open() => new(_dir.Combine("store"), maxBytes: 1L << 30);

    private string StorePath(string name) => _dir.Combine("store/" + name);

    private void FlipByte(string name, long offset)
    {
        using var stream = File.Open(StorePath(name), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0xff));
    }

    private void Truncate(string name, int by)
    {
        using var stream = File.Open(StorePath(name), FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(stream.Length - by);
    }
}
