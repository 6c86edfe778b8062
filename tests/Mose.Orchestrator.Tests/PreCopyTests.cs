using Mose.Contracts.Agent;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

public sealed class PreCopyTests
{
    [Fact]
    public async Task Migrate_WithPreCopy_RunsRoundsBeforeTheFreezeAndSendsTheDumpAsChunks()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.RoundBytes = [64 << 20, 16 << 20, 4 << 20, 100 << 10];

        var result = await lab.MigrateAsync(r => r.Strategy = "precopy");

        Assert.True(result.Success, result.Error);
        Assert.Equal("precopy", result.Strategy);
        Assert.Equal([1, 2, 3, 4], result.Rounds.Select(r => r.Round));
        Assert.StartsWith("converged: round 4", result.StopReason, StringComparison.Ordinal);
        var calls = lab.Log.Calls.ToList();
        Assert.True(calls.IndexOf("a:PreCopyRound(4)") < calls.IndexOf("a:Checkpoint"));
        var final = lab.Source.Requests.OfType<SendStateRequest>().Single(r => r.Part == "final");
        Assert.True(final.Chunked);
        Assert.Contains(MigrationExecutor.PreCopy, result.Phases.Select(p => p.Phase));
    }

    [Fact]
    public async Task Migrate_WithPreCopy_StopsWhenRoundsNoLongerShrink()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.RoundBytes = [64 << 20, 30 << 20, 29 << 20];

        var result = await lab.MigrateAsync(r => r.Strategy = "precopy");

        Assert.Equal(3, result.Rounds.Count);
        Assert.StartsWith("not shrinking: round 3", result.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WithPreCopy_StopsAtTheRoundBudget()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.RoundBytes = [64 << 20, 32 << 20, 16 << 20, 8 << 20];

        var result = await lab.MigrateAsync(r => { r.Strategy = "precopy"; r.MaxRounds = 2; });

        Assert.Equal(2, result.Rounds.Count);
        Assert.Equal("round budget of 2 spent", result.StopReason);
    }

    [Fact]
    public async Task Migrate_WithCriuPreDumpOnAHostWithoutDirtyTracking_IsRefusedBeforeAnythingIsTouched()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.Strategy = "criu-predump");

        Assert.False(result.Success);
        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("a cannot run strategy criu-predump (criu-predump: no soft-dirty tracking); it offers cold, " +
            "precopy", result.Error);
        Assert.Equal(["b:Describe", "a:Describe", "a:ListServices"], lab.Log.Calls);
        Assert.Equal("a", result.RunningOn);
    }

    [Fact]
    public async Task Migrate_WithAnUnknownStrategyOrRoundBudget_ListsEveryProblem()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => { r.Strategy = "teleport"; r.MaxRounds = 99; });

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("unknown strategy 'teleport'; known strategies: cold, precopy, criu-predump", result.Error,
            StringComparison.Ordinal);
        Assert.Contains("rounds 99 out of range", result.Error, StringComparison.Ordinal);
        Assert.Empty(lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WhenARoundFails_RollsBackAndKeepsTheServiceOnTheSource()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Failures["PreCopyRound(2)"] = "reading memory of redis failed";

        var result = await lab.MigrateAsync(r => r.Strategy = "precopy");

        Assert.Equal(MigrationExecutor.PreCopy, result.FailedPhase);
        Assert.Equal("reading memory of redis failed", result.Error);
        Assert.True(result.RolledBack);
        Assert.DoesNotContain("a:Checkpoint", lab.Log.Calls);
        Assert.Equal(["b:Abort", "a:Resume"], lab.Log.Calls.TakeLast(2));
    }

    [Fact]
    public async Task Migrate_WhenTheDestinationCannotBeCleaned_KeepsTheJournalEntrySoRecoveryCleansItLater()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Failures["PreCopyRound(1)"] = "the destination agent went away";
        lab.Destination.Failures["Abort"] = "destination agent not answering";

        var result = await lab.MigrateAsync(r => r.Strategy = "precopy");

        Assert.True(result.RolledBack);
        Assert.Equal("a", result.RunningOn);
        Assert.Single(lab.Journal.Pending());
    }

    [Fact]
    public async Task Migrate_ColdWithARoundBudget_IsRefusedRatherThanIgnored()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.MaxRounds = 3);

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("rounds and a time budget apply only to pre-copy (--strategy precopy or criu-predump)",
            result.Error);
    }
}
