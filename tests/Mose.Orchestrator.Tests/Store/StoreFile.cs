using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests.Store;

/// <summary>A store file in a scratch directory; every <see cref="Open"/> opens it anew, as a restarted
/// orchestrator would, and every store opened is closed when the test ends.</summary>
internal sealed class StoreFile : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<OrchestratorStore> _opened = [];

    public string StateRoot => _dir.Combine("state");

    public string Path => System.IO.Path.Join(StateRoot, "mose.db");

    public OrchestratorStore Open()
    {
        var store = OrchestratorStore.Open(Path);
        _opened.Add(store);
        return store;
    }

    public void Dispose()
    {
        _opened.ForEach(s => s.Dispose());
        _dir.Dispose();
    }
}
