using System.Buffers.Binary;
using System.IO.Hashing;
using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>The on-disk layout other tools (and older agents) rely on, and use from many threads.</summary>
public sealed class ChunkStoreFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Flush_ToDisk_LeavesRawDataAndOneCheckedIndexRecordPerChunk()
    {
        var (first, second) = (ChunkData.Make(1), ChunkData.Make(2, length: 10));
        using var store = new ChunkStore(_dir.Combine("store"), maxBytes: 1L << 30);
        store.Add(first.Hash, first.Data);
        store.Add(second.Hash, second.Data);

        store.Flush(toDisk: true);

        Assert.Equal([.. first.Data, .. second.Data], File.ReadAllBytes(_dir.Combine("store/pack-0.dat")));
        var index = File.ReadAllBytes(_dir.Combine("store/pack-0.idx"));
        Assert.Equal(32 + 2 * 32, index.Length);
        Assert.Equal("MOSEPIDX"u8.ToArray(), index[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(8)));
        Assert.Equal((uint)Chunk.Size, BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(12)));
        var record = index.AsSpan(64, 32);
        Assert.Equal(second.Hash, BinaryPrimitives.ReadUInt128LittleEndian(record));
        Assert.Equal(Chunk.Size, BinaryPrimitives.ReadInt64LittleEndian(record[16..]));
        Assert.Equal(10, BinaryPrimitives.ReadInt32LittleEndian(record[24..]));
        Assert.Equal(XxHash32.HashToUInt32(record[..28]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[28..]));
    }

    [Fact]
    public async Task Store_UsedFromManyThreadsAtOnce_KeepsEveryChunkOnce()
    {
        var chunks = Enumerable.Range(0, 400).Select(i => ChunkData.Make(i)).ToArray();
        using var store = new ChunkStore(new ChunkStoreOptions
        {
            Directory = _dir.Combine("store"),
            PackBytes = 64 * Chunk.Size,
        });

        // Four writers over overlapping halves while a reader keeps reading back what is already there.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            foreach (var (hash, data) in chunks.Skip(w % 2 * 200).Take(300))
            {
                store.Add(hash, data);
            }
        }));
        var reader = Task.Run(() =>
        {
            var buffer = new byte[Chunk.Size];
            for (var i = 0; i < 2000; i++)
            {
                var (hash, data) = chunks[i % chunks.Length];
                if (store.TryRead(hash, buffer, out var length))
                {
                    Assert.Equal(data, buffer[..length]);
                }
            }
        });
        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(chunks.Length, store.Count);
        Assert.Equal(chunks.Length * Chunk.Size, store.Bytes);
        Assert.All(chunks, c => Assert.Equal(c.Data, ChunkData.ReadBack(store, c.Hash)));
    }
}
