namespace Mose.Transfer.Tests;

/// <summary>A scratch directory removed when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("mose-transfer-").FullName;
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Join(Path, relative);

    /// <summary>Writes a file, creating its parent directories.</summary>
    public string Write(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose()
    {
        // Read-only directories from manifests must become writable again before they can be deleted.
        foreach (var dir in Directory.EnumerateDirectories(Path, "*", new EnumerationOptions
                 {
                     RecurseSubdirectories = true,
                     AttributesToSkip = 0,
                 }))
        {
            if (new DirectoryInfo(dir).LinkTarget is null)
            {
                File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_101);
            }
        }

        Directory.Delete(Path, recursive: true);
    }
}
