using System.IO.Hashing;
using System.Net.Sockets;
using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

public sealed class ImageChunkerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ChunkStore _store;

    public ImageChunkerTests()
    {
        ImageTree.Write(_dir, "image");
        _store = new ChunkStore(_dir.Combine("store"), maxBytes: 1L << 30);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Cut_DescribesEveryFileWithSizeModeHashAndBlocks()
    {
        using var cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None);

        var recipe = cut.Recipe;
        Assert.Equal(ImageTree.Files.Select(f => f.Path).Order(StringComparer.Ordinal),
            recipe.Files.Select(f => f.Path));
        Assert.Equal(["nested", "nested/deeper"], recipe.Directories.Select(d => d.Path));
        Assert.Equal([new RecipeSymlink("nested/deeper/link", "../../core-1.img")], recipe.Symlinks);
        var pages = recipe.Files.Single(f => f.Path == "nested/pages-1.img");
        var bytes = File.ReadAllBytes(_dir.Combine("image/nested/pages-1.img"));
        Assert.Equal((1 << 20) + 3, pages.Size);
        Assert.Equal(XxHash128.HashToUInt128(bytes), pages.FileHash);
        Assert.Equal(257, pages.Chunks.Count);
        Assert.Equal(Chunk.Hash(bytes.AsSpan(1 << 20)), pages.Chunks[^1]);
        Assert.Equal(0b100_000_000u, recipe.Files.Single(f => f.Path == "inventory.img").Mode);
        Assert.Empty(recipe.Files.Single(f => f.Path == "empty.img").Chunks);
    }

    [Fact]
    public async Task CutThenAssemble_ReproducesFilesOfOddSizesByteForByte()
    {
        await ImageChunker.AbsorbAsync(_store, _dir.Combine("image"), CancellationToken.None);
        using var cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None);

        await ImageAssembler.AssembleAsync(_store, cut.Recipe, _dir.Combine("restored"),
            CancellationToken.None);

        ImageTree.AssertSame(_dir.Combine("image"), _dir.Combine("restored"));
    }

    [Fact]
    public async Task CutThenAssemble_WithBlocksSentOnlyWhereMissing_ReproducesTheImage()
    {
        using var cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None);
        var buffer = new byte[Chunk.Size];

        foreach (var hash in _store.Missing(cut.Recipe.DistinctChunks()))
        {
            var length = await cut.ReadBlockAsync(hash, buffer, CancellationToken.None);
            _store.Add(hash, buffer.AsSpan(0, length));
        }

        await ImageAssembler.AssembleAsync(_store, cut.Recipe, _dir.Combine("restored"),
            CancellationToken.None);
        ImageTree.AssertSame(_dir.Combine("image"), _dir.Combine("restored"));
    }

    [Fact]
    public async Task SecondCut_OfAnUnchangedAbsorbedImage_NeedsNoChunks()
    {
        var added = await ImageChunker.AbsorbAsync(_store, _dir.Combine("image"), CancellationToken.None);
        var again = await ImageChunker.AbsorbAsync(_store, _dir.Combine("image"), CancellationToken.None);

        using var cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None);

        Assert.Equal(cut.Recipe.DistinctChunks().Count, added);
        Assert.Equal(0, again);
        Assert.Empty(_store.Missing(cut.Recipe.DistinctChunks()));
    }

    [Fact]
    public async Task SecondCut_AfterOnePageChanged_NeedsOnlyThatPage()
    {
        await ImageChunker.AbsorbAsync(_store, _dir.Combine("image"), CancellationToken.None);
        using (var pages = File.OpenWrite(_dir.Combine("image/nested/pages-1.img")))
        {
            pages.Position = 5 * Chunk.Size + 7;
            pages.WriteByte(0x42);
        }

        using var cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None);

        var changed = cut.Recipe.Files.Single(f => f.Path == "nested/pages-1.img").Chunks[5];
        Assert.Equal([changed], _store.Missing(cut.Recipe.DistinctChunks()));
    }

    [Fact]
    public async Task ReadBlock_OfAFileChangedSinceTheCut_Refuses()
    {
        using var cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None);
        var hash = cut.Recipe.Files.Single(f => f.Path == "pstree.img").Chunks[0];
        File.WriteAllBytes(_dir.Combine("image/pstree.img"), TestData.Random(Chunk.Size, seed: 99));

        var ex = Assert.Throws<StateIntegrityException>(() => cut.ReadBlock(hash, new byte[Chunk.Size]));

        Assert.Equal("pstree.img", ex.Path);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../../outside")]
    [InlineData("deeper/../../..")]
    public async Task Cut_WithASymlinkLeadingOutside_Refuses(string target)
    {
        File.CreateSymbolicLink(_dir.Combine("image/nested/escape"), target);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(
            () => ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None));

        Assert.Equal("nested/escape", ex.Path);
    }

    [Fact]
    public async Task Cut_WithASocketInTheImage_Refuses()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_dir.Combine("image/listener")));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(
            () => ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None));

        Assert.Equal("listener", ex.Path);
        Assert.Contains("not a regular file", ex.Message, StringComparison.Ordinal);
    }
}
