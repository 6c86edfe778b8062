namespace Mose.Orchestrator.Store;

/// <summary>The agents the orchestrator has heard from: address, when it last answered, and what it said
/// about its host (JSON), so a restarted orchestrator knows them before asking again.</summary>
public sealed class AgentLog(OrchestratorStore store, TimeProvider time)
{
    /// <summary>Records that an agent answered now.</summary>
    public void Seen(string name, string address, string infoJson)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        store.Write(c => Sql.Execute(c, """
            INSERT OR REPLACE INTO agents (name, address, last_seen_unix_ms, info)
            VALUES ($name, $address, $now, $info)
            """, ("$name", name), ("$address", address), ("$now", now), ("$info", infoJson)));
    }

    /// <summary>Every agent seen, by name, with when it last answered and its info.</summary>
    public IReadOnlyList<(string Name, string Address, DateTimeOffset LastSeen, string InfoJson)> All() =>
        store.Read(c => Sql.Query(c,
            "SELECT name, address, last_seen_unix_ms, info FROM agents ORDER BY name",
            r => (r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                r.GetString(3))));
}
