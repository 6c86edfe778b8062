using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests.Store;

public sealed class OrchestratorStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly StoreFile _file = new();
    private readonly FakeTimeProvider _time = new(Noon);

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Reopen_KeepsServicesJournalHistoryModelAndAgents()
    {
        using (var store = _file.Open())
        {
            new ServiceRegistry(store).Put(MigrationLab.Redis);
            new MigrationJournal(store).Begin(new InFlight("m1", "redis", MigrationLab.ServiceIp, "a", "b"));
            var history = new MigrationHistory(store, _time);
            history.Begin("m0", new MigrateRequest { Service = "redis", Destination = "b" }, "a", plan: null);
            history.Finish(new MigrationResult { MigrationId = "m0", Service = "redis", Source = "a",
                Destination = "b", Success = true, DowntimeMs = 42, Strategy = "cold" });
            var models = new ModelStore(store);
            models.AddSample("a", "checkpoint", 1e6, 120, Noon);
            models.SaveConstants("a", """{"freeze_ms":90}""", 1, Noon);
            new AgentLog(store, _time).Seen("a", "unix:/run/a.sock", "{}");
        }

        var reopened = _file.Open();

        Assert.Equal(MigrationLab.Redis.Host, new ServiceRegistry(reopened).Find("redis")?.Host);
        Assert.Equal("m1", Assert.Single(new MigrationJournal(reopened).Pending()).MigrationId);
        var record = Assert.Single(new MigrationHistory(reopened, _time).List(10, null));
        Assert.Equal(("m0", MigrationStatus.Succeeded, 42.0),
            (record.Id, record.Status, record.Result.DowntimeMs));
        var models2 = new ModelStore(reopened);
        Assert.Equal([(1e6, 120.0, Noon)], models2.Samples("a", "checkpoint", 10));
        Assert.Equal("""{"freeze_ms":90}""", models2.Constants("a"));
        var agent = Assert.Single(new AgentLog(reopened, _time).All());
        Assert.Equal(("a", "unix:/run/a.sock", Noon), (agent.Name, agent.Address, agent.LastSeen));
    }

    [Fact]
    public void Open_PutsTheDatabaseInWalModeWithTheCurrentSchemaVersion()
    {
        _file.Open();

        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void Open_OnAFileThatIsNotADatabase_SaysWhichFileAndWhatToDo()
    {
        Directory.CreateDirectory(_file.StateRoot);
        File.WriteAllText(_file.Path, "this is not a SQLite database, it only sits where one should be\n");

        var error = Assert.Throws<StoreUnreadableException>(() => _file.Open());

        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("move it away", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OnADatabaseWithDamagedPages_SaysWhichFileAndWhatToDo()
    {
        using (var store = _file.Open())
        {
            var registry = new ServiceRegistry(store);
            for (var i = 10; i < 250; i++)
            {
                registry.Put(MigrationLab.Redis with { Name = $"s{i}", Ip = $"10.200.0.{i}" });
            }
        }

        // Closing the last connection folds the WAL into the file; then every page after the header page is
        // overwritten with noise.
        var bytes = File.ReadAllBytes(_file.Path);
        new Random(7).NextBytes(bytes.AsSpan(4096));
        File.WriteAllBytes(_file.Path, bytes);

        var error = Assert.Throws<StoreUnreadableException>(() => _file.Open());

        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OnAStoreOfANewerMose_RefusesInsteadOfGuessing()
    {
        _file.Open().Dispose();
        using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreUnreadableException>(() => _file.Open());

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
    }
}
