using Microsoft.Extensions.Time.Testing;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests.Store;

public sealed class ConcurrentWriteTests : IDisposable
{
    private const int Threads = 8, Each = 40;
    private readonly StoreFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Writes_FromSeveralThreadsAndTwoStoresOnOneFile_AllLandAndNoneFails()
    {
        // Two stores on one file stand for two connections that contend for SQLite's write lock.
        OrchestratorStore[] stores = [_file.Open(), _file.Open()];
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            var store = stores[t % 2];
            var registry = new ServiceRegistry(store);
            var history = new MigrationHistory(store, time);
            var journal = new MigrationJournal(store);
            var models = new ModelStore(store);
            start.SignalAndWait();
            for (var i = 0; i < Each; i++)
            {
                var name = $"s{t}-{i}";
                registry.Put(MigrationLab.Redis with { Name = name });
                journal.Begin(new InFlight($"m{t}-{i}", name, "10.200.0.10", "a", "b"));
                var id = $"m{t}-{i}";
                history.Begin(id, new MigrateRequest { Service = name, Destination = "b" }, "a", null);
                history.Finish(new MigrationResult { MigrationId = id, Service = name, Success = true });
                journal.End(name);
                models.AddSample($"h{t}", "restore", i, i * 2, time.GetUtcNow());
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);

        var reopened = _file.Open();
        Assert.Equal(Threads * Each, new ServiceRegistry(reopened).All().Count);
        Assert.Empty(new MigrationJournal(reopened).Pending());
        var records = new MigrationHistory(reopened, time).List(Threads * Each + 1, null);
        Assert.Equal(Threads * Each, records.Count);
        Assert.All(records, r => Assert.Equal(MigrationStatus.Succeeded, r.Status));
        var models2 = new ModelStore(reopened);
        Assert.All(Enumerable.Range(0, Threads),
            t => Assert.Equal(Each, models2.Samples($"h{t}", "restore", 500).Count));
    }
}
