using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>Eviction with packs of four chunks and a budget of eight.</summary>
public sealed class ChunkStoreTrimTests : IDisposable
{
    private const int ChunksPerPack = 4;

    private readonly TempDirectory _dir = new();
    private readonly ChunkStore _store;
    private readonly List<(UInt128 Hash, byte[] Data)> _chunks =
        [.. Enumerable.Range(1, 13).Select(i => ChunkData.Make(i))];

    public ChunkStoreTrimTests()
    {
        _store = new ChunkStore(new ChunkStoreOptions
        {
            Directory = _dir.Combine("store"),
            MaxBytes = 2 * ChunksPerPack * Chunk.Size,
            PackBytes = ChunksPerPack * Chunk.Size,
        });
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Trim_OverBudget_EvictsTheOldestPacksFirst()
    {
        AddAll();

        var result = _store.Trim();

        // Packs 0..3 hold 4 chunks each and pack 4 (current) holds 1: evicting 0 and 1 leaves 9 chunks.
        Assert.Equal(new TrimResult(8, 8 * Chunk.Size, 2, Pinned: false), result);
        Assert.Equal(_chunks.Take(8).Select(c => c.Hash), _store.Missing(_chunks.Select(c => c.Hash)));
        Assert.Equal(5 * Chunk.Size, _store.Bytes);
        Assert.False(File.Exists(_dir.Combine("store/pack-0.dat")));
        Assert.False(File.Exists(_dir.Combine("store/pack-1.idx")));
        Assert.Equal(_chunks[8].Data, ChunkData.ReadBack(_store, _chunks[8].Hash));
    }

    [Fact]
    public void Trim_WithinBudget_EvictsNothing()
    {
        _store.Add(_chunks[0].Hash, _chunks[0].Data);

        Assert.Equal(default, _store.Trim());
        Assert.True(_store.Contains(_chunks[0].Hash));
    }

    [Fact]
    public void Trim_WhileAPinIsHeld_EvictsNothingAndSaysSo()
    {
        AddAll();
        var pin = _store.Pin();

        var pinned = _store.Trim();
        pin.Dispose();
        pin.Dispose();
        var released = _store.Trim();

        Assert.True(pinned.Pinned);
        Assert.Equal(0, pinned.Chunks);
        Assert.Equal(0, _store.Pins);
        Assert.Equal(8, released.Chunks);
    }

    [Fact]
    public void Read_OfAChunkInTheOldestPackWhenItIsNextToGo_CopiesItForwardSoItSurvivesTrim()
    {
        AddAll();

        ChunkData.ReadBack(_store, _chunks[0].Hash);
        var result = _store.Trim();

        Assert.True(_store.Contains(_chunks[0].Hash));
        Assert.Equal(_chunks[0].Data, ChunkData.ReadBack(_store, _chunks[0].Hash));
        Assert.Equal(7, result.Chunks);
    }

    [Fact]
    public void ReadBatch_OfTheOldestPack_CopiesItsChunksForward()
    {
        AddAll();

        _store.ReadBatch([.. _chunks.Take(2).Select(c => c.Hash)], new byte[2 * Chunk.Size], new int[2]);
        var result = _store.Trim();

        Assert.Equal(6, result.Chunks);
        Assert.Equal(_chunks[1].Data, ChunkData.ReadBack(_store, _chunks[1].Hash));
    }

    [Fact]
    public void Read_OfAChunkInTheOldestPackWhileFarWithinBudget_DoesNotCopyIt()
    {
        _store.Dispose();
        using var roomy = new ChunkStore(new ChunkStoreOptions
        {
            Directory = _dir.Combine("roomy"),
            MaxBytes = 1L << 30,
            PackBytes = ChunksPerPack * Chunk.Size,
        });
        foreach (var (hash, data) in _chunks)
        {
            roomy.Add(hash, data);
        }

        ChunkData.ReadBack(roomy, _chunks[0].Hash);
        roomy.Add(_chunks[1].Hash, _chunks[1].Data);

        Assert.Equal(_chunks.Count * Chunk.Size, roomy.Bytes);
    }

    [Fact]
    public void Add_OfAChunkInTheOldestPack_CopiesItForwardAcrossReopen()
    {
        AddAll();

        Assert.False(_store.Add(_chunks[1].Hash, _chunks[1].Data));
        _store.Dispose();
        using var reopened = new ChunkStore(new ChunkStoreOptions
        {
            Directory = _dir.Combine("store"),
            MaxBytes = 2 * ChunksPerPack * Chunk.Size,
            PackBytes = ChunksPerPack * Chunk.Size,
        });
        reopened.Trim();

        Assert.Equal(_chunks[1].Data, ChunkData.ReadBack(reopened, _chunks[1].Hash));
        Assert.False(reopened.Contains(_chunks[0].Hash));
    }

    private void AddAll()
    {
        foreach (var (hash, data) in _chunks)
        {
            _store.Add(hash, data);
        }
    }
}
