using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

public sealed class ImageDraftTests : IDisposable
{
    private const int PageCount = 300;

    private readonly TempDirectory _dir = new();
    private readonly ChunkStore _store;

    public ImageDraftTests()
    {
        _store = new ChunkStore(_dir.Combine("store"), maxBytes: 1L << 30);
        Directory.CreateDirectory(_dir.Combine("drafts"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Update_LaysThePagesOutInOrder()
    {
        var pages = Pages(seed: 0);

        var draft = ImageDraft.Update(_store, DraftPath, previous: null, Store(pages));

        Assert.Equal(pages.SelectMany(p => p).ToArray(), File.ReadAllBytes(DraftPath));
        Assert.Equal(pages.Select(p => Chunk.Hash(p)), draft.Chunks);
    }

    [Fact]
    public void Update_AfterARound_RewritesOnlyThePagesThatChanged()
    {
        var pages = Pages(seed: 0);
        var first = ImageDraft.Update(_store, DraftPath, previous: null, Store(pages));
        pages[7] = TestData.Random(Chunk.Size, seed: 1007);

        // A byte planted in an unchanged page survives: the update did not rewrite it.
        using (var stream = File.OpenWrite(DraftPath))
        {
            stream.Position = 3 * Chunk.Size;
            stream.WriteByte(0x5A);
        }

        var second = ImageDraft.Update(_store, DraftPath, first, Store(pages));

        var bytes = File.ReadAllBytes(DraftPath);
        Assert.Equal(pages[7], bytes.AsSpan(7 * Chunk.Size, Chunk.Size).ToArray());
        Assert.Equal(0x5A, bytes[3 * Chunk.Size]);
        Assert.Equal(Chunk.Hash(pages[7]), second.Chunks[7]);
    }

    [Fact]
    public void Update_WithAChunkTheStoreLacks_LeavesItUnknownSoTheRebuildWritesIt()
    {
        var pages = Pages(seed: 0);
        var hashes = Store(pages);
        var absent = Chunk.Hash(TestData.Random(Chunk.Size, seed: 4242));
        hashes[5] = absent;

        var draft = ImageDraft.Update(_store, DraftPath, previous: null, hashes);

        Assert.NotEqual(absent, draft.Chunks[5]);
        Assert.Equal(hashes[6], draft.Chunks[6]);
    }

    [Fact]
    public async Task Assemble_WithADraft_PatchesTheChangedPagesAndVerifiesTheWholeFile()
    {
        var pages = Pages(seed: 0);
        var draft = ImageDraft.Update(_store, DraftPath, previous: null, Store(pages));
        pages[0] = TestData.Random(Chunk.Size, seed: 2000);
        pages[PageCount - 1] = TestData.Random(Chunk.Size, seed: 2001);
        var dump = pages.SelectMany(p => p).ToArray();
        var file = Recipe("pages-1.img", dump, Store(pages));

        await ImageAssembler.AssembleAsync(_store, new ImageRecipe([], [], [file]), _dir.Combine("images"),
            CancellationToken.None, f => draft.Overlap(f) >= 0.5 ? draft : null);

        Assert.Equal(dump, File.ReadAllBytes(_dir.Combine("images/pages-1.img")));
        Assert.False(File.Exists(DraftPath), "the draft was taken over, not copied");
    }

    [Fact]
    public async Task Assemble_WithADraftThatWasTamperedWith_RefusesTheImageAndLeavesNothing()
    {
        var pages = Pages(seed: 0);
        var draft = ImageDraft.Update(_store, DraftPath, previous: null, Store(pages));
        var file = Recipe("pages-1.img", pages.SelectMany(p => p).ToArray(), Store(pages));
        using (var stream = File.OpenWrite(DraftPath))
        {
            stream.Position = 42 * Chunk.Size + 9;
            stream.WriteByte(0xFF);
        }

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => ImageAssembler.AssembleAsync(_store,
            new ImageRecipe([], [], [file]), _dir.Combine("images"), CancellationToken.None, _ => draft));

        Assert.Contains("torn or partial", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("images")));
    }

    [Fact]
    public void Overlap_OfADraftShiftedByOnePage_IsSmall()
    {
        var pages = Pages(seed: 0);
        var draft = ImageDraft.Update(_store, DraftPath, previous: null, Store(pages));
        var shifted = pages.Skip(1).ToList();
        var file = Recipe("pages-1.img", shifted.SelectMany(p => p).ToArray(), Store(shifted));

        Assert.True(draft.Overlap(file) < 0.1);
        Assert.Equal(1.0, draft.Overlap(Recipe("pages-1.img", pages.SelectMany(p => p).ToArray(), Store(pages))));
    }

    private string DraftPath => _dir.Combine("drafts/pid-1.img");

    private static List<byte[]> Pages(int seed) =>
        [.. Enumerable.Range(0, PageCount).Select(i => TestData.Random(Chunk.Size, seed: seed * 10_000 + i))];

    private UInt128[] Store(IReadOnlyList<byte[]> pages)
    {
        foreach (var page in pages)
        {
            _store.Add(Chunk.Hash(page), page);
        }

        return [.. pages.Select(p => Chunk.Hash(p))];
    }

    private static RecipeFile Recipe(string path, byte[] content, IReadOnlyList<UInt128> chunks) =>
        new(path, content.Length, 0b110_000_000, Chunk.Hash(content), chunks);
}
