using Microsoft.Data.Sqlite;
using Mose.Contracts.Orchestrator;

namespace Mose.Orchestrator.Store;

public sealed partial class MigrationHistory
{
    private const string Select = """
        SELECT m.id, m.service, m.source, m.destination, m.status, m.started_unix_ms, m.ended_unix_ms, t.task,
            m.plan, m.result, m.note, m.strategy
        FROM migrations m LEFT JOIN tasks t ON t.id = m.task_id
        """;

    /// <summary>The newest <paramref name="limit"/> migrations, newest first, of a service or all.</summary>
    public IReadOnlyList<MigrationRecord> List(int limit, string? service)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return store.Read(c => Sql.Query(c, Select + """

            WHERE $service IS NULL OR m.service = $service
            ORDER BY m.started_unix_ms DESC, m.rowid DESC LIMIT $limit
            """, Map, ("$service", string.IsNullOrEmpty(service) ? null : service), ("$limit", limit)));
    }

    /// <summary>One migration by id, or null.</summary>
    public MigrationRecord? Find(string id) =>
        store.Read(c => Sql.Query(c, Select + " WHERE m.id = $id", Map, ("$id", id))).SingleOrDefault();

    private static MigrationRecord Map(SqliteDataReader r) =>
        new()
        {
            Id = r.GetString(0), Service = r.GetString(1), Source = r.GetString(2),
            Destination = r.GetString(3), Status = r.GetString(4), StartedUnixMs = r.GetInt64(5),
            EndedUnixMs = r.IsDBNull(6) ? 0 : r.GetInt64(6),
            Task = ProtoJson.Parse<MigrationTask>(r.TextOrNull(7)),
            Plan = ProtoJson.Parse<Candidate>(r.TextOrNull(8)),
            Result = ProtoJson.Parse<MigrationResult>(r.TextOrNull(9)),
            Note = r.GetString(10), Strategy = r.GetString(11),
        };
}
