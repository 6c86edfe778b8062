namespace Mose.Runtime.Tests;

/// <summary>A scratch directory removed when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mose-runtime-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public string Write(string name, byte[] content)
    {
        var path = Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
