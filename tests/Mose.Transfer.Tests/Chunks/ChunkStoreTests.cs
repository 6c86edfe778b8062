using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

public sealed class ChunkStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Add_ThenReopen_ReadsTheSameBytes()
    {
        var chunks = Enumerable.Range(1, 300).Select(i => ChunkData.Make(i, i == 300 ? 17 : Chunk.Size))
            .ToList();
        using (var store = Open())
        {
            Assert.All(chunks, c => Assert.True(store.Add(c.Hash, c.Data)));
        }

        using var reopened = Open();

        Assert.Equal(300, reopened.Count);
        Assert.Equal(299L * Chunk.Size + 17, reopened.Bytes);
        Assert.All(chunks, c => Assert.Equal(c.Data, ChunkData.ReadBack(reopened, c.Hash)));
    }

    [Fact]
    public void Read_BeforeFlush_ServesTheBufferedChunk()
    {
        using var store = Open();
        var (hash, data) = ChunkData.Make(1);

        store.Add(hash, data);

        Assert.Equal(data, ChunkData.ReadBack(store, hash));
    }

    [Fact]
    public void Add_OfAChunkAlreadyStored_ReturnsFalseAndStoresItOnce()
    {
        using var store = Open();
        var (hash, data) = ChunkData.Make(1);

        Assert.True(store.Add(hash, data));
        Assert.False(store.Add(hash, data));

        Assert.Equal(1, store.Count);
        Assert.Equal(Chunk.Size, store.Bytes);
    }

    [Fact]
    public void Missing_KeepsTheOrderGivenAndListsDuplicatesOnce()
    {
        using var store = Open();
        var present = ChunkData.Make(1);
        store.Add(present.Hash, present.Data);
        var (a, b, c) = (ChunkData.Make(2).Hash, ChunkData.Make(3).Hash, ChunkData.Make(4).Hash);

        var missing = store.Missing([c, present.Hash, a, c, b, a]);

        Assert.Equal([c, a, b], missing);
    }

    [Fact]
    public void Add_WithBytesThatDoNotMatchTheHash_Refuses()
    {
        using var store = Open();
        var (hash, data) = ChunkData.Make(1);
        data[100] ^= 1;

        var ex = Assert.Throws<StateIntegrityException>(() => store.Add(hash, data));

        Assert.Contains(Chunk.Format(hash), ex.Message, StringComparison.Ordinal);
        Assert.False(store.Contains(hash));
    }

    [Fact]
    public void Add_WithMoreThanOneChunkOfBytes_Refuses()
    {
        using var store = Open();
        var data = TestData.Random(Chunk.Size + 1);

        Assert.Throws<StateIntegrityException>(() => store.Add(Chunk.Hash(data), data));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Read_OfAnAbsentChunk_ThrowsAndTryReadSaysNo()
    {
        using var store = Open();
        var buffer = new byte[Chunk.Size];

        Assert.Throws<KeyNotFoundException>(() => store.Read(42, buffer));
        Assert.False(store.TryRead(42, buffer, out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Open_OfADirectoryAnotherStoreHolds_Refuses()
    {
        using var store = Open();

        var ex = Assert.Throws<IOException>(() => Open());

        Assert.Contains("already open", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheField()
    {
        var options = new ChunkStoreOptions { Directory = _dir.Path, PackBytes = 100 };

        var ex = Assert.Throws<ArgumentException>(() => new ChunkStore(options));

        Assert.Contains("PackBytes", ex.Message, StringComparison.Ordinal);
    }

    private ChunkStore Open() => new(_dir.Combine("store"), maxBytes: 1L << 30);
}
