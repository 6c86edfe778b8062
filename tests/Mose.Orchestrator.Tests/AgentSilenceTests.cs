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
        Assert.EndsWith("(rollback: b did not answer; what it holds of redis is removed once it answers)",
            result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:80", result.Error, StringComparison.Ordinal);
        Assert.True(result.RolledBack);
        Assert.Equal("a", result.RunningOn);
        Assert.Equal("redis", Assert.Single(lab.Journal.Pending()).Service);
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
