using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>Deterministic chunks for store tests.</summary>
internal static class ChunkData
{
    /// <summary>A full or partial chunk of random bytes and its hash.</summary>
    public static (UInt128 Hash, byte[] Data) Make(int seed, int length = Chunk.Size)
    {
        var data = TestData.Random(length, seed);
        return (Chunk.Hash(data), data);
    }

    /// <summary>Reads a chunk back into a fresh array of its stored length.</summary>
    public static byte[] ReadBack(ChunkStore store, UInt128 hash)
    {
        var buffer = new byte[Chunk.Size];
        var length = store.Read(hash, buffer);
        return buffer[..length];
    }
}
