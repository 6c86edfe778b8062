using System.IO.Hashing;

namespace Mose.Transfer.Tests;

public sealed class ManifestBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Build_WithRegularFile_RecordsSizeModeAndHash()
    {
        var content = TestData.Random(3000);
        var path = _dir.Write("images/pages-1.img", content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var entries = await ManifestBuilder.BuildAsync(_dir.Path, ["images"], CancellationToken.None);

        var file = Assert.Single(entries, e => e.Path == "images/pages-1.img");
        Assert.Equal(3000, file.Size);
        Assert.Equal(0b110_100_000u, file.Mode);
        Assert.Equal(XxHash128.Hash(content), file.Xxh128.ToByteArray());
        Assert.False(file.IsDir);
        Assert.Empty(file.LinkTarget);
    }

    [Fact]
    public async Task Build_WithSymlink_RecordsTargetWithoutFollowing()
    {
        _dir.Write("bundle/rootfs/bin/busybox", [1, 2, 3]);
        Directory.CreateDirectory(_dir.Combine("bundle/rootfs/dirlink-target/inner"));
        File.CreateSymbolicLink(_dir.Combine("bundle/rootfs/bin/sh"), "/bin/busybox");
        Directory.CreateSymbolicLink(_dir.Combine("bundle/rootfs/dirlink"), "dirlink-target");

        var entries = await ManifestBuilder.BuildAsync(_dir.Path, ["bundle"], CancellationToken.None);

        var link = Assert.Single(entries, e => e.Path == "bundle/rootfs/bin/sh");
        Assert.Equal("/bin/busybox", link.LinkTarget);
        Assert.Equal(0, link.Size);
        var dirLink = Assert.Single(entries, e => e.Path == "bundle/rootfs/dirlink");
        Assert.Equal("dirlink-target", dirLink.LinkTarget);
        Assert.False(dirLink.IsDir);
        Assert.DoesNotContain(entries,
            e => e.Path.StartsWith("bundle/rootfs/dirlink/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_WithNestedDirectories_ListsDirectoriesBeforeContents()
    {
        _dir.Write("images/sub/deeper/a.img", [1]);
        _dir.Write("images/.hidden", [2]);
        Directory.CreateDirectory(_dir.Combine("images/empty"));

        var entries = await ManifestBuilder.BuildAsync(_dir.Path, ["images"], CancellationToken.None);

        Assert.Equal(
            ["images", "images/.hidden", "images/empty", "images/sub", "images/sub/deeper",
                "images/sub/deeper/a.img"],
            entries.Select(e => e.Path));
        Assert.All(entries.Where(e => e.Path != "images/.hidden" && !e.Path.EndsWith(".img",
            StringComparison.Ordinal)), e => Assert.True(e.IsDir));
    }

    [Fact]
    public async Task Build_WithIncludeFilter_SkipsOtherAndMissingEntries()
    {
        _dir.Write("bundle/config.json", [1]);
        _dir.Write("images/core.img", [2]);
        _dir.Write("scratch/ignored.txt", [3]);

        var entries = await ManifestBuilder.BuildAsync(_dir.Path, ["bundle", "missing", "images"],
            CancellationToken.None);

        Assert.Equal(["bundle", "bundle/config.json", "images", "images/core.img"],
            entries.Select(e => e.Path));
    }

    [Fact]
    public async Task Build_WithTopLevelFile_ListsIt()
    {
        _dir.Write("descriptor.json", [9, 9]);

        var entries = await ManifestBuilder.BuildAsync(_dir.Path, ["descriptor.json"],
            CancellationToken.None);

        var entry = Assert.Single(entries);
        Assert.Equal(2, entry.Size);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    [InlineData("images/../../x")]
    public async Task Build_WithEscapingInclude_Throws(string include)
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => ManifestBuilder.BuildAsync(_dir.Path, [include], CancellationToken.None));
    }
}
