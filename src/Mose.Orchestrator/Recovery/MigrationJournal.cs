using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Recovery;

/// <summary>
/// Records each migration in the store from its start to its end, so that one interrupted by an orchestrator
/// crash, or left half rolled back because an agent was down, is finished or undone later
/// (see <see cref="RecoveryService"/>). One entry per service: a service has one migration at a time.
/// </summary>
public sealed class MigrationJournal(OrchestratorStore store)
{
    // Services whose migration runs in this process now: their entries are not waiting for recovery.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _moving = new();

    /// <summary>True while the service's migration runs here (its entry is not left to recovery yet).</summary>
    public bool IsMoving(string service) => _moving.ContainsKey(service);

    /// <summary>A migration of the service runs here from now until <see cref="Settle"/>.</summary>
    public void Moving(string service) => _moving[service] = 0;

    /// <summary>The service's migration here has returned, whether or not its entry ended.</summary>
    public void Settle(string service) => _moving.TryRemove(service, out _);

    /// <summary>Writes the entry before anything is changed on a host.</summary>
    public void Begin(InFlight entry) => store.Write(c => Sql.Execute(c, """
        INSERT OR REPLACE INTO in_flight (service, migration_id, ip, source, destination)
        VALUES ($service, $id, $ip, $source, $destination)
        """, ("$service", entry.Service), ("$id", entry.MigrationId), ("$ip", entry.Ip), ("$source", entry.Source),
        ("$destination", entry.Destination)));

    /// <summary>Removes the entry once the service runs in exactly one place.</summary>
    public void End(string service) =>
        store.Write(c => Sql.Execute(c, "DELETE FROM in_flight WHERE service = $service", ("$service", service)));

    /// <summary>Why the service cannot be planned, moved or removed yet, or null: its migration has not ended,
    /// and any of those would drop what recovery still has to finish or undo.</summary>
    public string? Unfinished(string service) => store.Read(c => Sql.Query(c,
        "SELECT source, destination FROM in_flight WHERE service = $service",
        r => Unfinished(service, r.GetString(0), r.GetString(1)), ("$service", service))).FirstOrDefault();

    private string Unfinished(string service, string source, string destination) => IsMoving(service)
        ? $"service '{service}' is being migrated {source} → {destination} now; try again when that ends"
        : $"service '{service}' has an unfinished migration {source} → {destination} " +
        "that waits for a host's agent to answer; the orchestrator finishes or undoes it by itself once it does " +
        "(`mose lab up` restarts a lab's agents, `mose history` says when it is done); try again then";

    /// <summary>Every migration not seen to end.</summary>
    public IReadOnlyList<InFlight> Pending() => store.Read(c => Sql.Query(c, """
        SELECT migration_id, service, ip, source, destination FROM in_flight ORDER BY service
        """, r => new InFlight(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4))));
}
