using Microsoft.Data.Sqlite;

namespace Mose.Orchestrator.Store;

/// <summary>
/// The tables of the orchestrator's store and their version (SQLite's <c>PRAGMA user_version</c>). A newer
/// Mose adds a step to <see cref="Steps"/>; each step moves the file up by one version inside the transaction
/// that records the new number, so a crash half-way leaves the old version intact.
/// </summary>
internal static class StoreSchema
{
    /// <summary>The version this build writes.</summary>
    public static int Current => Steps.Length;

    private static readonly string[] Steps =
    [
        """
        CREATE TABLE IF NOT EXISTS agents (
            name TEXT PRIMARY KEY, address TEXT NOT NULL, last_seen_unix_ms INTEGER NOT NULL,
            info TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS services (
            name TEXT PRIMARY KEY, kind TEXT NOT NULL, ip TEXT NOT NULL, ports TEXT NOT NULL,
            args TEXT NOT NULL, host TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS in_flight (
            service TEXT PRIMARY KEY, migration_id TEXT NOT NULL, ip TEXT NOT NULL, source TEXT NOT NULL,
            destination TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS tasks (
            id TEXT PRIMARY KEY, service TEXT NOT NULL, destination TEXT NOT NULL, task TEXT NOT NULL,
            created_unix_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS migrations (
            id TEXT PRIMARY KEY, task_id TEXT, service TEXT NOT NULL, source TEXT NOT NULL,
            destination TEXT NOT NULL, strategy TEXT NOT NULL, status TEXT NOT NULL,
            started_unix_ms INTEGER NOT NULL, ended_unix_ms INTEGER, plan TEXT, result TEXT,
            note TEXT NOT NULL DEFAULT '');
        CREATE INDEX IF NOT EXISTS migrations_by_start ON migrations (started_unix_ms);
        CREATE INDEX IF NOT EXISTS migrations_by_service ON migrations (service, started_unix_ms);
        CREATE TABLE IF NOT EXISTS model_samples (
            id INTEGER PRIMARY KEY AUTOINCREMENT, host TEXT NOT NULL, phase TEXT NOT NULL, x REAL NOT NULL,
            y REAL NOT NULL, at_unix_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS model_samples_by_series ON model_samples (host, phase, at_unix_ms);
        CREATE TABLE IF NOT EXISTS model_constants (
            host TEXT PRIMARY KEY, constants TEXT NOT NULL, samples INTEGER NOT NULL,
            updated_unix_ms INTEGER NOT NULL);
        """,
    ];

    /// <summary>Brings the file up to <see cref="Current"/>; refuses a file of a newer Mose.</summary>
    public static void Upgrade(SqliteConnection connection, string path)
    {
        var version = Sql.Scalar<long>(connection, "PRAGMA user_version");
        if (version > Current)
        {
            throw new StoreUnreadableException($"the orchestrator store {path} has schema version " +
                $"{version}, newer than this Mose knows ({Current}); run the newer Mose, or move the file " +
                "away to start with an empty store");
        }

        for (var step = (int)version; step < Current; step++)
        {
            using var transaction = connection.BeginTransaction();
            Sql.Execute(connection, Steps[step]);

            // PRAGMA takes no parameters; the number is ours, not input.
            Sql.Execute(connection, $"PRAGMA user_version = {step + 1}");
            transaction.Commit();
        }
    }
}
