using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

/// <summary>An agent that dies in the middle of a migration: the result names it, not gRPC's connection text.</summary>
public sealed class AgentSilenceTests
{
    [Fact]
    public async Task Migrate_WhenTheDestinationDiesInTheRestore_NamesItAndLeavesItsCopyToRecovery()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.DiesOn = "Restore";

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Restore, result.FailedPhase);
        Assert.StartsWith("the agent of b does not answer; is it running?", result.Error, StringComparison.Ordinal);
        Assert.Contains("(rollback: b did not answer, so what it holds of redis (its namespace, perhaps a copy",
            result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:80", result.Error, StringComparison.Ordinal);

        // The service runs on its source again, but the rollback is not whole while b may hold a copy.
        Assert.False(result.RolledBack);
        Assert.Equal("a", result.RunningOn);
        var calls = lab.Log.Calls.ToList();
        Assert.InRange(calls.IndexOf("b:Abort"), 0, calls.IndexOf("a:Resume"));
        Assert.Equal("redis", Assert.Single(lab.Journal.Pending()).Service);
    }

    [Fact]
    public async Task Recovery_AfterTheRollbackResumedTheSource_RemovesTheCopyTheDestinationRestored()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.DiesOn = "Restore";
        var result = await lab.MigrateAsync();
        lab.Destination.Revive();
        lab.Destination.Running.Add("redis");

        await RecoveryTests.Recovery(lab).ResolveAsync(Assert.Single(lab.Journal.Pending()), CancellationToken.None);

        Assert.Equal("a", lab.Registry.Find("redis")!.Host);
        Assert.Equal((MigrationLab.ServiceIp, "a"), lab.Flows.Routes[^1]);
        Assert.Contains("b:Remove", lab.Log.Calls);
        Assert.DoesNotContain("a:Release", lab.Log.Calls);
        var record = lab.History.Find(result.MigrationId)!;
        Assert.Equal(Mose.Orchestrator.Store.MigrationStatus.RecoveredUndone, record.Status);
        Assert.Contains("resumed on a in the rollback, so the copy b had restored meanwhile was removed", record.Note,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WhenTheSourceDiesInTheCheckpoint_NamesItAndSaysTheServiceCouldNotResume()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.DiesOn = "Checkpoint";

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Checkpoint, result.FailedPhase);
        Assert.StartsWith("the agent of a does not answer;", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("the agent of b", result.Error, StringComparison.Ordinal);
        Assert.Contains("a did not answer, so redis could not resume there; recovery retries every 5 s",
            result.Error, StringComparison.Ordinal);
        Assert.False(result.RolledBack);
        Assert.Equal("", result.RunningOn);
        Assert.Single(lab.Journal.Pending());
    }
}
