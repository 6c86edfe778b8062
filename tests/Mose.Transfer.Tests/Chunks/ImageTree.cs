using Mose.Transfer.Chunks;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>A sample image directory with files of awkward sizes around the 4 KiB block boundary.</summary>
internal static class ImageTree
{
    public static readonly (string Path, int Size)[] Files =
    [
        ("core-1.img", 4097),
        ("empty.img", 0),
        ("inventory.img", 1),
        ("nested/deeper/pagemap-1.img", 4095),
        ("nested/pages-1.img", (1 << 20) + 3),
        ("pstree.img", Chunk.Size),
    ];

    /// <summary>Writes the sample files (seeded by position) under <paramref name="root"/>.</summary>
    public static void Write(TempDirectory dir, string root)
    {
        for (var i = 0; i < Files.Length; i++)
        {
            dir.Write($"{root}/{Files[i].Path}", TestData.Random(Files[i].Size, seed: i + 1));
        }

        File.SetUnixFileMode(dir.Combine($"{root}/inventory.img"), UnixFileMode.UserRead);
        File.CreateSymbolicLink(dir.Combine($"{root}/nested/deeper/link"), "../../core-1.img");
    }

    /// <summary>Asserts that two trees hold the same files, bytes, modes and symlinks.</summary>
    public static void AssertSame(string expectedRoot, string actualRoot)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        var expected = Directory.EnumerateFileSystemEntries(expectedRoot, "*", options)
            .Select(p => Path.GetRelativePath(expectedRoot, p)).Order(StringComparer.Ordinal).ToList();
        var actual = Directory.EnumerateFileSystemEntries(actualRoot, "*", options)
            .Select(p => Path.GetRelativePath(actualRoot, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var relative in expected)
        {
            var (source, copy) = (new FileInfo(Path.Join(expectedRoot, relative)),
                new FileInfo(Path.Join(actualRoot, relative)));
            Assert.Equal(source.LinkTarget, copy.LinkTarget);
            Assert.Equal(source.UnixFileMode, copy.UnixFileMode);
            if (source.LinkTarget is null && !Directory.Exists(source.FullName))
            {
                Assert.Equal(File.ReadAllBytes(source.FullName), File.ReadAllBytes(copy.FullName));
            }
        }
    }
}
