using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests;

/// <summary>What a migration that recovery still has to finish means for the next request.</summary>
public sealed class PendingRecoveryTests
{
    [Fact]
    public async Task Migrate_WhileAnEarlierMoveAwaitsRecovery_IsRefusedAndKeepsItsJournalEntry()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.DiesOn = "Restore";
        var first = await lab.MigrateAsync();
        lab.Destination.Revive();
        var calls = lab.Log.Calls.Count;

        var second = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Plan, second.FailedPhase);
        Assert.True(second.HostsDown);
        Assert.StartsWith("service 'redis' has an unfinished migration a → b that waits for a host's agent",
            second.Error, StringComparison.Ordinal);
        Assert.Equal(first.MigrationId, Assert.Single(lab.Journal.Pending()).MigrationId);
        Assert.Equal(calls, lab.Log.Calls.Count);
    }

    [Fact]
    public void Journal_TellsAMoveRunningHereFromOneLeftToRecovery()
    {
        using var dir = new TempDirectory();
        using var store = OrchestratorStore.Open(dir.Combine("mose.db"));
        var journal = new Recovery.MigrationJournal(store);
        journal.Begin(new Recovery.InFlight("m1", "redis", MigrationLab.ServiceIp, "a", "b"));
        journal.Moving("redis");

        Assert.Equal("service 'redis' is being migrated a → b now; try again when that ends",
            journal.Unfinished("redis"));
        Assert.True(journal.IsMoving("redis"));
        Assert.Null(journal.Unfinished("other"));

        journal.Settle("redis");

        Assert.StartsWith("service 'redis' has an unfinished migration a → b that waits",
            journal.Unfinished("redis"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WhenTheRestoreFails_CountsDowntimeUntilTheRollbackResumedTheService()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "bad image";

        var result = await lab.MigrateAsync();

        Assert.True(result.RolledBack);
        var frozenSteps = result.Phases.Where(p => p.Phase is MigrationExecutor.Checkpoint
            or MigrationExecutor.Transfer or MigrationExecutor.Restore).Sum(p => p.Ms);
        Assert.True(result.DowntimeMs >= frozenSteps, $"downtime {result.DowntimeMs} ms < steps {frozenSteps} ms");
    }

    [Fact]
    public async Task Plan_WhileAnEarlierMoveAwaitsRecovery_IsRefusedAsTheLabsState()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.DiesOn = "Restore";
        await lab.MigrateAsync();
        lab.Destination.Revive();

        var plan = await lab.Plans.PlanAsync(new Contracts.Orchestrator.MigrationTask
        {
            Service = "redis", Destination = "b",
            Targets = new Contracts.Orchestrator.Targets { MaxDowntimeMs = 1000 },
        }, CancellationToken.None);

        Assert.True(plan.HostsDown);
        Assert.StartsWith("service 'redis' has an unfinished migration a → b", Assert.Single(plan.Problems),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WhenTheSourceDiesAfterTheCommitPoint_SucceedsAndLeavesTheReleaseToRecovery()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.DiesOn = "Release";

        var result = await lab.MigrateAsync();

        Assert.True(result.Success);
        Assert.Equal("b", result.RunningOn);
        Assert.StartsWith("migrated, but the copy on a was not removed: the agent of a does not answer",
            result.Error, StringComparison.Ordinal);
        Assert.Single(lab.Journal.Pending());

        lab.Source.Revive();
        lab.Destination.Running.Add("redis");
        await RecoveryTests.Recovery(lab).ResolveAsync(lab.Journal.Pending()[0], CancellationToken.None);

        Assert.Empty(lab.Journal.Pending());
        Assert.Equal("a:Release", lab.Log.Calls[^1]);
        var record = lab.History.Find(result.MigrationId)!;
        Assert.Equal(MigrationStatus.Succeeded, record.Status);
        Assert.Contains("released later", record.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WhenTheSourceDiesBeforeTheCheckpoint_RollsBackAsTheServiceWasNeverFrozen()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.DiesOn = "SendState(bundle)";

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Prepare, result.FailedPhase);
        Assert.True(result.RolledBack);
        Assert.Equal("a", result.RunningOn);
        Assert.StartsWith("the agent of a does not answer", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("rollback:", result.Error, StringComparison.Ordinal);
        Assert.Empty(lab.Journal.Pending());
    }
}
