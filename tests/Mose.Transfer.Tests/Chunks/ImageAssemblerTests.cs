using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

public sealed class ImageAssemblerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ChunkStore _store;
    private readonly byte[] _content = TestData.Random(3 * Chunk.Size + 10);
    private readonly RecipeFile _file;

    public ImageAssemblerTests()
    {
        _store = new ChunkStore(_dir.Combine("store"), maxBytes: 1L << 30);
        var chunks = _content.Chunk(Chunk.Size).Select(c => Chunk.Hash(c)).ToList();
        foreach (var block in _content.Chunk(Chunk.Size))
        {
            _store.Add(Chunk.Hash(block), block);
        }

        _file = new RecipeFile("pages-1.img", _content.Length, 0b110_000_000, Chunk.Hash(_content), chunks);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Assemble_ReplacesAFileAlreadyThere()
    {
        _dir.Write("target/pages-1.img", [1, 2, 3]);

        await Assemble(Recipe(_file));

        Assert.Equal(_content, File.ReadAllBytes(Target("pages-1.img")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Target("pages-1.img")));
    }

    [Fact]
    public async Task Assemble_WithAWholeFileHashThatDoesNotMatch_RefusesAndLeavesNothing()
    {
        var torn = _file with { FileHash = _file.FileHash + 1 };

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Assemble(Recipe(torn)));

        Assert.Equal("pages-1.img", ex.Path);
        Assert.Contains("torn or partial", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Target(".")));
    }

    [Fact]
    public async Task Assemble_WithAChunkTheStoreLacks_RefusesNamingTheFileBeforeWritingAnything()
    {
        var lacking = _file with { Path = "z/pages-2.img", Chunks = [.. _file.Chunks.Take(3), 12345] };
        var recipe = new ImageRecipe([new RecipeDirectory("z", 0b111_000_000)], [], [_file, lacking]);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Assemble(recipe));

        Assert.Equal("z/pages-2.img", ex.Path);
        Assert.Contains($"offset {3 * Chunk.Size}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Chunk.Format(12345), ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target(".")));
    }

    [Fact]
    public async Task Assemble_WithAChunkCorruptInTheStore_RefusesNamingTheFile()
    {
        _store.Dispose();
        using (var pack = File.Open(_dir.Combine("store/pack-0.dat"), FileMode.Open, FileAccess.ReadWrite))
        {
            pack.Position = Chunk.Size;
            pack.WriteByte(0);
            pack.WriteByte(1);
        }

        using var store = new ChunkStore(_dir.Combine("store"), maxBytes: 1L << 30);
        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => ImageAssembler.AssembleAsync(
            store, Recipe(_file), Target("."), CancellationToken.None));

        Assert.Equal("pages-1.img", ex.Path);
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Target("pages-1.img")));
        Assert.Empty(Directory.GetFileSystemEntries(Target(".")));
    }

    [Fact]
    public async Task Assemble_WithBlocksThatCannotMakeTheSize_Refuses()
    {
        var ex = await Assert.ThrowsAsync<StateIntegrityException>(
            () => Assemble(Recipe(_file with { Size = _file.Size + Chunk.Size })));

        Assert.Contains("4 blocks cannot make", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assemble_WithAShortChunkInTheMiddle_Refuses()
    {
        var chunks = _file.Chunks.ToArray();
        (chunks[1], chunks[3]) = (chunks[3], chunks[1]);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(
            () => Assemble(Recipe(_file with { Chunks = chunks })));

        Assert.Contains("holds 10 bytes, the recipe needs 4096", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Target(".")));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("/tmp/evil")]
    [InlineData("./evil")]
    public async Task Assemble_WithPathTraversal_Refuses(string path)
    {
        var recipe = new ImageRecipe([new RecipeDirectory("a", 0b111_000_000)], [],
            [_file with { Path = path }]);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Assemble(recipe));

        Assert.Equal(path, ex.Path);
        Assert.False(File.Exists(_dir.Combine("evil")));
    }

    [Fact]
    public async Task Assemble_WithAFileUnderAnUnlistedParent_Refuses()
    {
        var recipe = new ImageRecipe([], [new RecipeSymlink("a", "b")],
            [_file with { Path = "a/pages-1.img" }]);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Assemble(recipe));

        Assert.Equal("a/pages-1.img", ex.Path);
        Assert.Contains("not a directory of the recipe", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../..")]
    [InlineData("b/../..")]
    [InlineData("")]
    public async Task Assemble_WithASymlinkLeadingOutside_Refuses(string target)
    {
        var recipe = new ImageRecipe([new RecipeDirectory("a", 0b111_000_000)],
            [new RecipeSymlink("a/link", target)], []);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Assemble(recipe));

        Assert.Equal("a/link", ex.Path);
        Assert.False(Directory.Exists(Target(".")));
    }

    [Fact]
    public async Task Assemble_WithDirectoriesListedChildFirst_CreatesThemAndAppliesTheirModes()
    {
        var readOnly = (uint)(UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var recipe = new ImageRecipe(
            [new RecipeDirectory("a/b", readOnly), new RecipeDirectory("a", readOnly)], [],
            [_file with { Path = "a/b/pages-1.img" }]);

        await Assemble(recipe);

        Assert.Equal(_content, File.ReadAllBytes(Target("a/b/pages-1.img")));
        Assert.Equal((UnixFileMode)readOnly, File.GetUnixFileMode(Target("a")));
        Assert.Equal((UnixFileMode)readOnly, File.GetUnixFileMode(Target("a/b")));
    }

    [Fact]
    public async Task Assemble_WhenCancelled_LeavesNoFile()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImageAssembler.AssembleAsync(
            _store, Recipe(_file), Target("."), cancelled.Token));

        Assert.Empty(Directory.GetFileSystemEntries(Target(".")));
    }

    private static ImageRecipe Recipe(RecipeFile file) => new([], [], [file]);

    private Task Assemble(ImageRecipe recipe) =>
        ImageAssembler.AssembleAsync(_store, recipe, Target("."), CancellationToken.None);

    private string Target(string relative) => _dir.Combine("target/" + relative);
}
