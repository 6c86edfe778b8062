using Mose.Contracts.Orchestrator;

namespace Mose.Orchestrator.Store;

/// <summary>
/// What the migration model learns per host: measured samples of each phase (x, e.g. bytes, against y, e.g.
/// milliseconds) and the constants fitted from them. Only the newest <see cref="SamplesKept"/> samples of
/// each host and phase are kept, so the fit follows the host as it is now and the table stays small.
/// </summary>
public sealed class ModelStore(OrchestratorStore store)
{
    /// <summary>Samples kept per host and phase.</summary>
    public const int SamplesKept = 200;

    /// <summary>Adds a sample and drops the oldest beyond <see cref="SamplesKept"/>.</summary>
    public void AddSample(string host, string phase, double x, double y, DateTimeOffset at)
    {
        store.Write(c =>
        {
            Sql.Execute(c, """
                INSERT INTO model_samples (host, phase, x, y, at_unix_ms) VALUES ($host, $phase, $x, $y, $at)
                """, ("$host", host), ("$phase", phase), ("$x", x), ("$y", y),
                ("$at", at.ToUnixTimeMilliseconds()));
            Sql.Execute(c, """
                DELETE FROM model_samples WHERE host = $host AND phase = $phase AND id NOT IN (
                    SELECT id FROM model_samples WHERE host = $host AND phase = $phase
                    ORDER BY at_unix_ms DESC, id DESC LIMIT $kept)
                """, ("$host", host), ("$phase", phase), ("$kept", SamplesKept));
        });
    }

    /// <summary>The newest <paramref name="limit"/> samples of a host's phase, newest first.</summary>
    public IReadOnlyList<(double X, double Y, DateTimeOffset At)> Samples(string host, string phase,
        int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return store.Read(c => Sql.Query(c, """
            SELECT x, y, at_unix_ms FROM model_samples WHERE host = $host AND phase = $phase
            ORDER BY at_unix_ms DESC, id DESC LIMIT $limit
            """, r => (r.GetDouble(0), r.GetDouble(1), At(r.GetInt64(2))),
            ("$host", host), ("$phase", phase), ("$limit", limit)));
    }

    /// <summary>Stores (replaces) a host's constants as JSON, with how many samples they came from.</summary>
    public void SaveConstants(string host, string json, int samples, DateTimeOffset at) => store.Write(c =>
        Sql.Execute(c, """
            INSERT OR REPLACE INTO model_constants (host, constants, samples, updated_unix_ms)
            VALUES ($host, $json, $samples, $at)
            """, ("$host", host), ("$json", json), ("$samples", samples),
            ("$at", at.ToUnixTimeMilliseconds())));

    /// <summary>A host's constants as JSON, or null when none were saved.</summary>
    public string? Constants(string host) => store.Read(c =>
        Sql.Scalar<string>(c, "SELECT constants FROM model_constants WHERE host = $host", ("$host", host)));

    /// <summary>Every host's constants, by host name.</summary>
    public IReadOnlyList<HostModel> All() => store.Read(c => Sql.Query(c, """
        SELECT host, constants, samples, updated_unix_ms FROM model_constants ORDER BY host
        """, r => new HostModel
        {
            Host = r.GetString(0), ConstantsJson = r.GetString(1), Samples = r.GetInt32(2),
            UpdatedUnixMs = r.GetInt64(3),
        }));

    private static DateTimeOffset At(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
