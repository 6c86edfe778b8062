using Microsoft.Extensions.Time.Testing;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests.Store;

/// <summary>What the executor leaves in the history, through real gRPC to fake agents.</summary>
public sealed class MigrationHistoryTests
{
    [Fact]
    public async Task Migrate_ThatSucceeds_IsRecordedAsSucceededWithWhatWasMeasured()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync();

        var record = Assert.Single(lab.History.List(10, null));
        Assert.Equal((result.MigrationId, "redis", "a", "b", MigrationStatus.Succeeded),
            (record.Id, record.Service, record.Source, record.Destination, record.Status));
        Assert.Equal(result.DowntimeMs, record.Result.DowntimeMs);
        Assert.Equal(result.BytesSent, record.Result.BytesSent);
        Assert.Equal("cold", record.Strategy);
        Assert.InRange(record.EndedUnixMs, record.StartedUnixMs, long.MaxValue);
    }

    [Fact]
    public async Task Migrate_ThatFailsAndIsRolledBack_IsRecordedAsRolledBackWithTheError()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "bad image";

        await lab.MigrateAsync();

        var record = Assert.Single(lab.History.List(10, null));
        Assert.Equal(MigrationStatus.RolledBack, record.Status);
        Assert.Equal(("restore", "bad image"), (record.Result.FailedPhase, record.Result.Error));
    }

    [Fact]
    public async Task Migrate_WhoseRollbackCannotResumeTheSource_IsRecordedAsFailed()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "bad image";
        lab.Source.Failures["Resume"] = "agent busy";

        await lab.MigrateAsync();

        Assert.Equal(MigrationStatus.Failed, Assert.Single(lab.History.List(10, null)).Status);
    }

    [Fact]
    public async Task Migrate_OfAnUnknownService_IsRecordedAsRefused()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(service: "nope");

        var record = Assert.Single(lab.History.List(10, "nope"));
        Assert.Equal((result.MigrationId, MigrationStatus.Refused), (record.Id, record.Status));
        Assert.Contains("unknown service 'nope'", record.Result.Error, StringComparison.Ordinal);
        Assert.Empty(lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_RefusedByTheDestinationInThePlan_IsRecordedAsRefused()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.TcpEstablished = false;

        await lab.MigrateAsync();

        var record = Assert.Single(lab.History.List(10, null));
        Assert.Equal((MigrationStatus.Refused, MigrationExecutor.Plan),
            (record.Status, record.Result.FailedPhase));
    }

    [Fact]
    public async Task Migrate_OfATaskRefusedBeforeTheDesignerChose_IsRecordedWithoutAStrategy()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync(r => r.Task = new MigrationTask { Targets = new Targets { MaxDowntimeMs = -1 } });

        var record = Assert.Single(lab.History.List(10, null));
        Assert.Equal((MigrationStatus.Refused, MigrationHistory.NoStrategy), (record.Status, record.Strategy));
    }

    [Fact]
    public void List_IsNewestFirstAndHonoursTheLimitAndTheService()
    {
        using var file = new StoreFile();
        var time = new FakeTimeProvider();
        var history = new MigrationHistory(file.Open(), time);
        (string Id, string Service)[] begun =
            [("m1", "redis"), ("m2", "cache"), ("m3", "redis"), ("m4", "redis")];
        foreach (var (id, service) in begun)
        {
            history.Begin(id, new MigrateRequest { Service = service, Destination = "b" }, "a", null);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["m4", "m3", "m2"], history.List(3, null).Select(r => r.Id));
        Assert.Equal(["m4", "m3", "m1"], history.List(10, "redis").Select(r => r.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => history.List(0, null));
    }

    [Fact]
    public void Begin_WithATaskWithTargetsAndAPlan_KeepsBothWithTheRecord()
    {
        using var file = new StoreFile();
        var history = new MigrationHistory(file.Open(), new FakeTimeProvider());
        var task = new MigrationTask
        {
            Service = "redis", Destination = "b", Targets = new Targets { MaxDowntimeMs = 300 },
            Objective = new Objective { Kind = "min-downtime" },
        };
        var plan = new Candidate { Config = new Configuration { Strategy = "precopy", Rounds = 3 },
            Predicted = new Prediction { DowntimeMs = 250, TotalMs = 4000 } };
        var request = new MigrateRequest { Service = "redis", Destination = "b", Task = task };

        history.Begin("m1", request, "a", plan);

        var record = history.Find("m1")!;
        Assert.Equal(task, record.Task);
        Assert.Equal(plan, record.Plan);
        Assert.Equal("precopy", record.Strategy);
    }

    [Fact]
    public void MarkInterrupted_ClosesOnlyRunningRecordsThatHaveNoJournalEntry()
    {
        using var file = new StoreFile();
        var store = file.Open();
        var history = new MigrationHistory(store, new FakeTimeProvider());
        var journal = new MigrationJournal(store);
        foreach (var id in new[] { "lost", "journaled", "done" })
        {
            history.Begin(id, new MigrateRequest { Service = id, Destination = "b" }, "a", null);
        }

        history.Finish(new MigrationResult { MigrationId = "done", Service = "done", Success = true });
        journal.Begin(new InFlight("journaled", "journaled", "10.200.0.10", "a", "b"));

        var marked = history.MarkInterrupted(journal.Pending().Select(e => e.MigrationId).ToHashSet());

        Assert.Equal(1, marked);
        Assert.Equal(MigrationStatus.Interrupted, history.Find("lost")!.Status);
        Assert.Contains("orchestrator stopped", history.Find("lost")!.Note, StringComparison.Ordinal);
        Assert.Equal(MigrationStatus.Running, history.Find("journaled")!.Status);
        Assert.Equal(MigrationStatus.Succeeded, history.Find("done")!.Status);
    }
}
