namespace Mose.Orchestrator;

/// <summary>One migration, removal or recovery at a time: each of them reads where a service runs and then
/// changes it.</summary>
public sealed class MigrationGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _gate.WaitAsync(cancellationToken);

    /// <summary>Takes the gate only if it is free.</summary>
    public bool TryEnter() => _gate.Wait(0);

    /// <summary>Releases the gate.</summary>
    public void Exit() => _gate.Release();
}
