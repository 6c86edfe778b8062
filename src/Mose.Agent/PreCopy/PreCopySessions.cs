using System.Collections.Concurrent;

namespace Mose.Agent.PreCopy;

/// <summary>The source's pre-copy sessions, one per service; a new migration replaces an old session.</summary>
internal sealed class PreCopySessions
{
    private readonly ConcurrentDictionary<string, PreCopySession> _sessions = new(StringComparer.Ordinal);

    /// <summary>The session of this migration, new if the service has none or one of another migration.</summary>
    public PreCopySession For(string service, string migrationId) =>
        _sessions.AddOrUpdate(service, _ => new PreCopySession(migrationId),
            (_, old) => old.MigrationId == migrationId ? old : new PreCopySession(migrationId));

    /// <summary>The session of this migration, or null.</summary>
    public PreCopySession? Find(string service, string migrationId) =>
        _sessions.TryGetValue(service, out var session) && session.MigrationId == migrationId ? session : null;

    /// <summary>Forgets the service's session (the migration ended either way).</summary>
    public void End(string service) => _sessions.TryRemove(service, out _);
}
