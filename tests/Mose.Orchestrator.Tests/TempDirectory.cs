namespace Mose.Orchestrator.Tests;

/// <summary>A scratch directory removed when the test ends. Short, so Unix socket paths fit.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mose-orch-").FullName;

    public string Combine(string name) => System.IO.Path.Join(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
