using Google.Protobuf;
using Mose.Contracts.Agent;

namespace Mose.Transfer.Tests;

public sealed class StateReceiverTests : IDisposable
{
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Mode555 = (UnixFileMode)0b101_101_101;
    private const UnixFileMode Mode640 = (UnixFileMode)0b110_100_000;

    private readonly TempDirectory _src = new();
    private readonly TempDirectory _dst = new();
    private readonly StateReceiver _receiver;

    public StateReceiverTests()
    {
        _receiver = new StateReceiver((name, migrationId) => _dst.Combine($"{name}/{migrationId}"));
    }

    private string DestRoot => _dst.Combine($"{Loopback.Name}/{Loopback.MigrationId}");

    public void Dispose()
    {
        _src.Dispose();
        _dst.Dispose();
    }

    [Fact]
    public async Task RoundTrip_WithTree_RebuildsFilesDirectoriesLinksAndModes()
    {
        var config = _src.Write("bundle/config.json", TestData.Repetitive(5000));
        var busybox = _src.Write("bundle/rootfs/bin/busybox", TestData.Random(70_000));
        File.SetUnixFileMode(busybox, Mode755);
        File.CreateSymbolicLink(_src.Combine("bundle/rootfs/bin/sh"), "busybox");
        var pages = TestData.Random((2 * ChunkWriter.MaxChunkBytes) + 123);
        File.SetUnixFileMode(_src.Write("images/pages-1.img", pages), Mode640);
        _src.Write("images/empty.img", []);
        _src.Write("images/ro/inventory.img", [7]);
        File.SetUnixFileMode(_src.Combine("images/ro"), Mode555);

        var (needs, reply) = await Loopback.TransferAsync(_receiver, _src.Path, ["bundle", "images"]);

        Assert.Equal(5, needs.Paths.Count);
        Assert.Equal(5, reply.Files);
        Assert.Equal(5000 + 70_000 + pages.Length + 1, reply.Bytes);
        Assert.Equal(File.ReadAllBytes(config), ReadDest("bundle/config.json"));
        Assert.Equal(pages, File.ReadAllBytes(Path.Join(DestRoot, "images/pages-1.img")));
        Assert.Empty(File.ReadAllBytes(Path.Join(DestRoot, "images/empty.img")));
        Assert.Equal("busybox", new FileInfo(Path.Join(DestRoot, "bundle/rootfs/bin/sh")).LinkTarget);
        Assert.Equal(Mode755, File.GetUnixFileMode(Path.Join(DestRoot, "bundle/rootfs/bin/busybox")));
        Assert.Equal(Mode640, File.GetUnixFileMode(Path.Join(DestRoot, "images/pages-1.img")));
        Assert.Equal(Mode555, File.GetUnixFileMode(Path.Join(DestRoot, "images/ro")));
        Assert.Empty(Directory.GetFiles(DestRoot, "*.mose-part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Offer_WithIdenticalFiles_NeedsOnlyChangedOnes()
    {
        _src.Write("images/same.img", TestData.Random(1000));
        var changed = _src.Write("images/changed.img", TestData.Random(1000, seed: 2));
        var chmodded = _src.Write("images/chmodded.img", TestData.Random(1000, seed: 3));
        await Loopback.TransferAsync(_receiver, _src.Path, ["images"]);
        File.WriteAllBytes(changed, TestData.Random(1000, seed: 4));
        File.SetUnixFileMode(chmodded, Mode640);

        var (needs, reply) = await Loopback.TransferAsync(_receiver, _src.Path, ["images"]);

        Assert.Equal(["images/changed.img"], needs.Paths);
        Assert.Equal(1, reply.Files);
        Assert.Equal(File.ReadAllBytes(changed), ReadDest("images/changed.img"));
        Assert.Equal(Mode640, File.GetUnixFileMode(Path.Join(DestRoot, "images/chmodded.img")));
    }

    [Fact]
    public async Task Receive_WithCorruptChunk_RefusesFileAndLeavesNothing()
    {
        _src.Write("images/pages-1.img", TestData.Random(5000));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Loopback.TransferAsync(
            _receiver, _src.Path, ["images"],
            chunks => Loopback.Rewrite(chunks, (c, _) => FlipFirstByte(c))));

        Assert.Equal("images/pages-1.img", ex.Path);
        Assert.Contains("hash mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DestRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Receive_WithCorruptChunk_KeepsPreviousVersion()
    {
        var old = _dst.Write($"{Loopback.Name}/{Loopback.MigrationId}/images/pages-1.img", [1, 2, 3]);
        _src.Write("images/pages-1.img", TestData.Random(5000));

        await Assert.ThrowsAsync<StateIntegrityException>(() => Loopback.TransferAsync(
            _receiver, _src.Path, ["images"],
            chunks => Loopback.Rewrite(chunks, (c, _) => FlipFirstByte(c))));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(old));
        Assert.Single(Directory.GetFiles(DestRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Receive_WithCorruptLz4Block_RefusesFile()
    {
        _src.Write("images/pages-1.img", TestData.Repetitive(100_000));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Loopback.TransferAsync(
            _receiver, _src.Path, ["images"], chunks => Loopback.Rewrite(chunks, (c, _) =>
            {
                var broken = c.Clone();
                broken.Data = ByteString.CopyFrom(TestData.Random(c.Data.Length));
                return broken;
            })));

        Assert.Equal("images/pages-1.img", ex.Path);
        Assert.Contains("LZ4", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DestRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Receive_WithMissingLastChunk_DetectedWhenNextFileStarts()
    {
        _src.Write("images/a.img", TestData.Random(ChunkWriter.MaxChunkBytes + 10));
        _src.Write("images/b.img", TestData.Random(10, seed: 2));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Loopback.TransferAsync(
            _receiver, _src.Path, ["images"],
            chunks => Loopback.Rewrite(chunks, (c, _) => c.Path == "images/a.img" && c.Last ? null : c)));

        Assert.Equal("images/a.img", ex.Path);
        Assert.Contains("moved on to 'images/b.img'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DestRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Receive_WithMissingLastChunk_DetectedAtStreamEnd()
    {
        _src.Write("images/a.img", TestData.Random(ChunkWriter.MaxChunkBytes + 10));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Loopback.TransferAsync(
            _receiver, _src.Path, ["images"],
            chunks => Loopback.Rewrite(chunks, (c, _) => c.Last ? null : c)));

        Assert.Equal("images/a.img", ex.Path);
        Assert.Contains("stream ended", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DestRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Receive_WithGapInOffsets_RefusesFile()
    {
        _src.Write("images/a.img", TestData.Random((2 * ChunkWriter.MaxChunkBytes) + 10));

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => Loopback.TransferAsync(
            _receiver, _src.Path, ["images"],
            chunks => Loopback.Rewrite(chunks, (c, i) => i == 1 ? null : c)));

        Assert.Equal("images/a.img", ex.Path);
        Assert.Contains($"expected offset {ChunkWriter.MaxChunkBytes}", ex.Message,
            StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DestRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Receive_WithoutOffer_Refuses()
    {
        _src.Write("images/a.img", [1]);

        var ex = await Assert.ThrowsAsync<StateIntegrityException>(() => _receiver.ReceiveAsync(
            Loopback.Chunks(_src.Path, ["images/a.img"]), CancellationToken.None));

        Assert.Contains("No manifest was offered", ex.Message, StringComparison.Ordinal);
    }

    private byte[] ReadDest(string relative) => File.ReadAllBytes(Path.Join(DestRoot, relative));

    private static StateChunk FlipFirstByte(StateChunk chunk)
    {
        var bytes = chunk.Data.ToByteArray();
        bytes[0] ^= 0xFF;
        var corrupt = chunk.Clone();
        corrupt.Data = ByteString.CopyFrom(bytes);
        return corrupt;
    }
}
