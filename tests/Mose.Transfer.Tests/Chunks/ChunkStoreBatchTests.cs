using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>The batched read the rebuild uses, over packs of four chunks.</summary>
public sealed class ChunkStoreBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<(UInt128 Hash, byte[] Data)> _chunks =
        [.. Enumerable.Range(1, 10).Select(i => ChunkData.Make(i, i == 10 ? 100 : Chunk.Size))];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadBatch_AcrossPacksAndTheWriteBuffer_ReturnsEachChunkInTheOrderAsked()
    {
        using var store = Open();
        AddAll(store);
        int[] order = [0, 1, 2, 3, 4, 5, 8, 9, 1, 6, 7];
        var buffer = new byte[order.Length * Chunk.Size];
        var lengths = new int[order.Length];

        var missing = store.ReadBatch([.. order.Select(i => _chunks[i].Hash)], buffer, lengths);

        Assert.Equal(-1, missing);
        var at = 0;
        foreach (var (index, length) in order.Zip(lengths))
        {
            Assert.Equal(_chunks[index].Data, buffer[at..(at + length)]);
            at += length;
        }
    }

    [Fact]
    public void ReadBatch_WithAnAbsentChunk_ReturnsItsIndex()
    {
        using var store = Open();
        AddAll(store);

        var missing = store.ReadBatch([_chunks[0].Hash, 7, _chunks[1].Hash], new byte[3 * Chunk.Size],
            new int[3]);

        Assert.Equal(1, missing);
    }

    [Fact]
    public void ReadBatch_WithACorruptChunkInARun_ThrowsForThatChunkAndForgetsIt()
    {
        using (var store = Open())
        {
            AddAll(store);
        }

        using (var pack = File.OpenWrite(_dir.Combine("store/pack-1.dat")))
        {
            pack.Position = 2 * Chunk.Size + 1;
            pack.WriteByte(0xEE);
        }

        using var reopened = Open();
        var ex = Assert.Throws<ChunkCorruptException>(() => reopened.ReadBatch(
            [.. _chunks.Take(8).Select(c => c.Hash)], new byte[8 * Chunk.Size], new int[8]));

        Assert.Equal(_chunks[6].Hash, ex.Hash);
        Assert.False(reopened.Contains(_chunks[6].Hash));
        Assert.True(reopened.Contains(_chunks[7].Hash));
    }

    private ChunkStore Open() => new(new ChunkStoreOptions
    {
        Directory = _dir.Combine("store"),
        PackBytes = 4 * Chunk.Size,
    });

    private void AddAll(ChunkStore store)
    {
        foreach (var (hash, data) in _chunks)
        {
            store.Add(hash, data);
        }
    }
}
