using K4os.Compression.LZ4;
using Mose.Contracts.Agent;

namespace Mose.Transfer.Tests;

public sealed class ChunkWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadFile_WithEmptyFile_ProducesSingleLastChunk()
    {
        var path = _dir.Write("empty", []);

        var chunks = await ChunkWriter.ReadFileAsync(path, "empty", CancellationToken.None).ToListAsync();

        var chunk = Assert.Single(chunks);
        Assert.True(chunk.Last);
        Assert.Equal(0, chunk.Offset);
        Assert.Equal(0, chunk.RawLength);
        Assert.True(chunk.Data.IsEmpty);
    }

    [Fact]
    public async Task ReadFile_WithIncompressibleData_SendsRaw()
    {
        var content = TestData.Random(200_000);
        var path = _dir.Write("pages.img", content);

        var chunks = await ChunkWriter.ReadFileAsync(path, "pages.img", CancellationToken.None)
            .ToListAsync();

        var chunk = Assert.Single(chunks);
        Assert.False(chunk.Compressed);
        Assert.Equal(content, chunk.Data.ToByteArray());
        Assert.Equal(content.Length, chunk.RawLength);
    }

    [Fact]
    public async Task ReadFile_WithCompressibleData_CompressesChunk()
    {
        var content = TestData.Repetitive(200_000);
        var path = _dir.Write("pages.img", content);

        var chunks = await ChunkWriter.ReadFileAsync(path, "pages.img", CancellationToken.None)
            .ToListAsync();

        var chunk = Assert.Single(chunks);
        Assert.True(chunk.Compressed);
        Assert.True(chunk.Data.Length < content.Length / 10);
        var decoded = new byte[chunk.RawLength];
        Assert.Equal(content.Length, LZ4Codec.Decode(chunk.Data.Span, decoded));
        Assert.Equal(content, decoded);
    }

    [Fact]
    public void Encode_WithBarelyCompressibleData_SendsRaw()
    {
        // A short zero tail lets LZ4 save a little, but well under the 10% that makes compression worth it.
        var raw = TestData.Random(100_000);
        Array.Clear(raw, 95_000, 5_000);
        var scratch = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];

        var chunk = ChunkWriter.Encode("f", 0, raw, raw.Length, last: true, scratch);

        Assert.False(chunk.Compressed);
        Assert.Equal(raw.Length, chunk.Data.Length);
    }

    [Theory]
    [InlineData(2 * ChunkWriter.MaxChunkBytes, 2)]
    [InlineData((2 * ChunkWriter.MaxChunkBytes) + 5, 3)]
    public async Task ReadFile_WithLargeFile_SplitsIntoContiguousMebibyteChunks(int size, int expectedChunks)
    {
        var path = _dir.Write("big.img", TestData.Random(size));

        var chunks = await ChunkWriter.ReadFileAsync(path, "big.img", CancellationToken.None).ToListAsync();

        Assert.Equal(expectedChunks, chunks.Count);
        long offset = 0;
        foreach (var chunk in chunks)
        {
            Assert.Equal(offset, chunk.Offset);
            Assert.True(chunk.RawLength <= ChunkWriter.MaxChunkBytes);
            offset += chunk.RawLength;
        }

        Assert.Equal(size, offset);
        Assert.Equal([.. Enumerable.Repeat(false, expectedChunks - 1), true], chunks.Select(c => c.Last));
    }

    [Fact]
    public async Task ReadFiles_SetsStreamHeaderOnFirstChunkOnly()
    {
        _dir.Write("a", TestData.Random(10));
        _dir.Write("b", TestData.Random(10, seed: 2));

        var chunks = await ChunkWriter
            .ReadFilesAsync("redis", "m-1", "final", _dir.Path, ["a", "b"], CancellationToken.None)
            .ToListAsync();

        Assert.Equal(["a", "b"], chunks.Select(c => c.Path));
        Assert.Equal(("redis", "m-1", "final"), (chunks[0].Name, chunks[0].MigrationId, chunks[0].Part));
        var expected = new StateChunk { Path = "b", RawLength = 10, Data = chunks[1].Data, Last = true };
        Assert.Equal(expected, chunks[1]);
    }
}
