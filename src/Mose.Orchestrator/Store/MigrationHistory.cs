using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;

namespace Mose.Orchestrator.Store;

/// <summary>
/// Every migration the orchestrator ran, from its start ("running") to how it ended, with the request's task,
/// the designer's plan and the measured result, so <c>mose history</c> can set predicted against measured.
/// </summary>
public sealed partial class MigrationHistory(OrchestratorStore store, TimeProvider time)
{
    /// <summary>The strategy on record of a task refused before the designer chose one.</summary>
    public const string NoStrategy = "-";

    /// <summary>Records a migration as running, right after its id was made (before validation, so that a
    /// refused request is on record too). A task with targets is kept as a task row of the same id.</summary>
    public void Begin(string id, MigrateRequest request, string source, Candidate? plan)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var withTask = request.Task?.Targets is not null;
        // A task refused before the designer chose has no strategy yet: "-", not the default "cold".
        var strategy = plan?.Config?.Strategy is { Length: > 0 } planned ? planned
            : request.Task is not null && request.Strategy.Length == 0 ? NoStrategy
            : MigrationStrategies.Normalize(request.Strategy) ?? request.Strategy;
        store.Write(c =>
        {
            if (withTask)
            {
                Sql.Execute(c, """
                    INSERT OR REPLACE INTO tasks (id, service, destination, task, created_unix_ms)
                    VALUES ($id, $service, $destination, $task, $now)
                    """, ("$id", id), ("$service", request.Service), ("$destination", request.Destination),
                    ("$task", ProtoJson.Format(request.Task)), ("$now", now));
            }

            Sql.Execute(c, """
                INSERT OR REPLACE INTO migrations (id, task_id, service, source, destination, strategy,
                    status, started_unix_ms, plan)
                VALUES ($id, $task, $service, $source, $destination, $strategy, $status, $now, $plan)
                """, ("$id", id), ("$task", withTask ? id : null), ("$service", request.Service),
                ("$source", source), ("$destination", request.Destination), ("$strategy", strategy),
                ("$status", MigrationStatus.Running), ("$now", now), ("$plan", ProtoJson.Format(plan)));
        });
    }

    /// <summary>Records how a migration ended, with its result; creates the record if not begun.</summary>
    public void Finish(MigrationResult result)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var status = StatusOf(result);
        var started = now - (long)result.TotalMs;
        store.Write(c => Sql.Execute(c, """
            INSERT INTO migrations (id, service, source, destination, strategy, status, started_unix_ms,
                ended_unix_ms, plan, result)
            VALUES ($id, $service, $source, $destination, $strategy, $status, $started, $now, $plan, $result)
            ON CONFLICT (id) DO UPDATE SET
                source = CASE WHEN excluded.source = '' THEN source ELSE excluded.source END,
                strategy = CASE WHEN excluded.strategy = '' THEN strategy ELSE excluded.strategy END,
                status = excluded.status, ended_unix_ms = excluded.ended_unix_ms,
                plan = coalesce(excluded.plan, plan), result = excluded.result
            """, ("$id", result.MigrationId), ("$service", result.Service), ("$source", result.Source),
            ("$destination", result.Destination), ("$strategy", result.Strategy), ("$status", status),
            ("$started", started), ("$now", now), ("$plan", ProtoJson.Format(result.Plan)),
            ("$result", ProtoJson.Format(result))));
    }

    /// <summary>Sets the status and note of a migration that recovery finished or undid. False when there is
    /// no record of it (e.g. a journal entry from before the store existed).</summary>
    public bool Resolve(string id, string status, string note)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return store.Write(c => Sql.Execute(c, """
            UPDATE migrations SET status = $status, note = $note, ended_unix_ms = $now WHERE id = $id
            """, ("$id", id), ("$status", status), ("$note", note), ("$now", now))) > 0;
    }

    /// <summary>
    /// At start, before any migration runs: a record still running whose migration has no journal entry
    /// cannot be recovered (none of its changes is pending), so it is marked interrupted. Returns how many.
    /// </summary>
    public int MarkInterrupted(IReadOnlyCollection<string> journaled)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return store.Write(c =>
        {
            var running = Sql.Query(c, "SELECT id FROM migrations WHERE status = $running",
                r => r.GetString(0), ("$running", MigrationStatus.Running));
            var lost = running.Where(id => !journaled.Contains(id)).ToList();
            foreach (var id in lost)
            {
                Sql.Execute(c, """
                    UPDATE migrations SET status = $status, note = $note, ended_unix_ms = $now WHERE id = $id
                    """, ("$id", id), ("$status", MigrationStatus.Interrupted), ("$now", now),
                    ("$note", "the orchestrator stopped before the migration ended, and no host had a " +
                        "change of it left to finish or undo (it was still planning, or had just ended)"));
            }

            return lost.Count;
        });
    }

    /// <summary>The status a result ends in.</summary>
    public static string StatusOf(MigrationResult result) => result switch
    {
        { Success: true } => MigrationStatus.Succeeded,
        { FailedPhase: Migration.MigrationExecutor.Plan } => MigrationStatus.Refused,
        { RolledBack: true } => MigrationStatus.RolledBack,
        _ => MigrationStatus.Failed,
    };
}
