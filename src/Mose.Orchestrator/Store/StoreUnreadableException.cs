namespace Mose.Orchestrator.Store;

/// <summary>The orchestrator's database cannot be opened or read: the message names the file and what to do.
/// An <see cref="IOException"/>, so the CLI reports it as a failure of the host rather than a crash.
/// </summary>
public sealed class StoreUnreadableException(string message, Exception? inner = null)
    : IOException(message, inner);
