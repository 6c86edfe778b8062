using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

/// <summary>Migrations of tasks with targets: the designer chooses, the controller judges, the model learns.
/// The fake agents report a 64 MiB service over a 1 Gbit/s link.</summary>
public sealed class DesignedMigrationTests
{
    [Fact]
    public async Task Migrate_WithADowntimeTarget_RunsTheDesignersChoiceAndRecordsItsPrediction()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = 5000 }));

        Assert.True(result.Success, result.Error);
        Assert.NotNull(result.Plan);
        Assert.True(result.Plan.Feasible);
        Assert.Equal(result.Plan.Config.Strategy, result.Strategy);
        Assert.True(result.Plan.Predicted.DowntimeMs > 0);
        Assert.Equal(16384L * 4096, result.StateBytes);
        Assert.Equal(1_000_000_000, result.LinkBps);
        var calls = lab.Log.Calls.ToList();
        Assert.True(calls.IndexOf("a:ProfileDirtyRate") < calls.IndexOf("b:Prepare"));
        Assert.True(calls.IndexOf("a:MeasureLink") < calls.IndexOf("b:Prepare"));
        var record = lab.History.List(10, null).Single();
        Assert.Equal(result.Plan.Config.Strategy, record.Plan.Config.Strategy);
    }

    [Fact]
    public async Task Migrate_WithTargets_TeachesTheModelBothHosts()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = 5000 }));

        Assert.True(lab.Models.For("a").TotalSamples > 0);
        Assert.True(lab.Models.For("b").TotalSamples > 0);
    }

    [Fact]
    public async Task Migrate_WithTargetsAndAStrategy_IsRefusedBeforeAnythingIsTouched()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r =>
        {
            r.Task = Task(new Targets { MaxDowntimeMs = 5000 });
            r.Strategy = "cold";
        });

        Assert.False(result.Success);
        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("the designer chooses them", result.Error);
        Assert.DoesNotContain("b:Prepare", lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WithAnInfeasibleHardTarget_IsRefusedNamingTheTargetAndTouchesNothing()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = 5, Hard = true }));

        Assert.False(result.Success);
        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("downtime of at most 5 ms is infeasible", result.Error);
        Assert.DoesNotContain("b:Prepare", lab.Log.Calls);
        Assert.Equal("a", lab.Registry.Find("redis")!.Host);
    }

    [Fact]
    public async Task Migrate_WithAnInfeasibleSoftTarget_GoesAheadWithTheClosestConfiguration()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = 5 }));

        Assert.True(result.Success, result.Error);
        Assert.False(result.Plan.Feasible);
        Assert.Contains("comes closest", result.Plan.Why);
    }

    [Fact]
    public async Task Controller_WhenRoundsStopShrinkingAboveAHardDowntimeTarget_AbortsAndTheServiceStays()
    {
        await using var lab = await MigrationLab.StartAsync();
        // Planned as an idle service; during the rounds it turns out to rewrite far more than it was profiled at.
        lab.Source.RoundBytes = [64 << 20, 60 << 20, 59 << 20];
        var planned = await lab.Plans.PlanAsync(Task(new Targets()), CancellationToken.None);
        var target = planned.Outcome!.RunnersUp.Concat([planned.Outcome.Chosen])
            .Where(c => c.Config.Strategy == "precopy").Min(c => c.Predicted.DowntimeMs) * 1.3;

        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = target, Hard = true }));

        Assert.False(result.Success, result.ToString());
        Assert.Equal(MigrationExecutor.PreCopy, result.FailedPhase);
        Assert.True(result.RolledBack);
        Assert.Equal("a", result.RunningOn);
        Assert.Equal("abort", result.Decisions[^1].Action);
        Assert.Contains("cannot be met", result.Decisions[^1].Reason);
        Assert.DoesNotContain("a:Checkpoint", lab.Log.Calls);
    }

    [Fact]
    public async Task Plan_OfAReturnTripAfterPreCopy_ExpectsTheOldSourceToHoldThePages()
    {
        await using var lab = await MigrationLab.StartAsync();
        await lab.MigrateAsync(r => r.Strategy = "precopy");

        var back = await lab.Plans.PlanAsync(new MigrationTask { Service = "redis", Destination = "a" },
            CancellationToken.None);
        var fresh = await lab.Plans.PlanAsync(new MigrationTask { Service = "redis", Destination = "a" },
            CancellationToken.None);

        Assert.Equal(1, back.Reply!.Inputs.HeldShare, 3);
        Assert.Contains("return trip", back.Reply.Inputs.HeldReason);
        Assert.Equal(back.Reply.Inputs.HeldShare, fresh.Reply!.Inputs.HeldShare, 3);
    }

    [Fact]
    public async Task Plan_AfterAColdMove_ExpectsNothingHeld()
    {
        await using var lab = await MigrationLab.StartAsync();
        await lab.MigrateAsync(r => r.Strategy = "cold");

        var back = await lab.Plans.PlanAsync(new MigrationTask { Service = "redis", Destination = "a" },
            CancellationToken.None);

        Assert.Equal(0, back.Reply!.Inputs.HeldShare);
    }

    [Fact]
    public async Task Plan_WhenTheSourceCannotProfile_IsRefusedSayingWhy()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Failures["ProfileDirtyRate"] = "redis is not running";

        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = 5000 }));

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("could not measure the plan's inputs: redis is not running", result.Error);
        Assert.DoesNotContain("b:Prepare", lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WithATaskNamingNothing_IsRefusedInsteadOfRunningAPlainMove()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets()));

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("names no target and no objective", result.Error);
        Assert.DoesNotContain("b:Prepare", lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_ThatMissesItsTarget_SaysWhichAndByHowMuch()
    {
        await using var lab = await MigrationLab.StartAsync();

        // Soft and unreachable: the closest configuration runs, and its measured downtime misses.
        var result = await lab.MigrateAsync(r => r.Task = Task(new Targets { MaxDowntimeMs = 1 }));

        Assert.True(result.Success, result.Error);
        var missed = Assert.Single(result.Missed);
        Assert.StartsWith("downtime ", missed);
        Assert.Contains("> 1 ms", missed);
    }

    [Fact]
    public async Task Plan_OfAnInvalidTask_ListsEveryProblem()
    {
        await using var lab = await MigrationLab.StartAsync();
        var task = Task(new Targets { MaxDowntimeMs = 9000, MaxTotalMs = 3000, MinAvailability = 1.5 });
        task.Service = "nosuch";
        task.Objective = new Objective { Kind = "cheapest" };

        var plan = await lab.Plans.PlanAsync(task, CancellationToken.None);

        Assert.Null(plan.Reply);
        Assert.Contains(plan.Problems, p => p.Contains("unknown service 'nosuch'"));
        Assert.Contains(plan.Problems, p => p.Contains("min availability"));
        Assert.Contains(plan.Problems, p => p.Contains("exceeds max total time"));
        Assert.Contains(plan.Problems, p => p.Contains("unknown objective 'cheapest'"));
    }

    private static MigrationTask Task(Targets targets) =>
        new() { Service = "redis", Destination = "b", Targets = targets };
}
