using Google.Protobuf;
using Mose.Contracts.Agent;

namespace Mose.Transfer.Tests;

public sealed class PathSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StateReceiver _receiver;

    public PathSafetyTests()
    {
        _receiver = new StateReceiver((_, _) => _dir.Combine("root"));
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("/tmp/evil")]
    [InlineData("a//evil")]
    [InlineData("./evil")]
    public async Task Offer_WithPathTraversal_Refuses(string path)
    {
        var directory = new FileEntry { Path = "a", IsDir = true, Mode = 0b111_101_101 };
        var manifest = Manifest(directory, File(path));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(
            () => _receiver.OfferAsync(manifest, CancellationToken.None));

        Assert.Equal(path, ex.Path);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Combine("root")));
    }

    [Fact]
    public async Task Offer_WithFileBehindPlantedSymlink_Refuses()
    {
        var outside = Directory.CreateDirectory(_dir.Combine("outside")).FullName;
        var manifest = Manifest(new FileEntry { Path = "a", LinkTarget = outside }, File("a/passwd"));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(
            () => _receiver.OfferAsync(manifest, CancellationToken.None));

        Assert.Equal("a/passwd", ex.Path);
        Assert.Contains("symlink", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task Receive_WithChunkPathOutsideManifest_Refuses()
    {
        await _receiver.OfferAsync(Manifest(File("ok")), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => _receiver.ReceiveAsync(
            Chunks(new StateChunk { Name = "svc", MigrationId = "m", Path = "../evil", Last = true }),
            CancellationToken.None));

        Assert.Equal("../evil", ex.Path);
        Assert.False(System.IO.File.Exists(_dir.Combine("evil")));
    }

    [Fact]
    public async Task Receive_WithChunkForUnofferedFile_Refuses()
    {
        await _receiver.OfferAsync(Manifest(File("ok")), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => _receiver.ReceiveAsync(
            Chunks(new StateChunk { Name = "svc", MigrationId = "m", Path = "other", Last = true }),
            CancellationToken.None));

        Assert.Contains("not a regular file of the offered manifest", ex.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(_dir.Combine("root/other")));
    }

    private static FileEntry File(string path) => new()
    {
        Path = path,
        Size = 0,
        Mode = 0b110_100_100,
        Xxh128 = ByteString.CopyFrom(System.IO.Hashing.XxHash128.Hash([])),
    };

    private static StateManifest Manifest(params FileEntry[] files)
    {
        var manifest = new StateManifest { Name = "svc", MigrationId = "m" };
        manifest.Files.AddRange(files);
        return manifest;
    }

    private static async IAsyncEnumerable<StateChunk> Chunks(params StateChunk[] chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }
}
