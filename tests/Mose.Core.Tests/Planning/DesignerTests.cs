using Mose.Core.Migration;
using Mose.Core.Planning;

namespace Mose.Core.Tests.Planning;

public sealed class DesignerTests
{
    private readonly Designer _designer = new();

    [Fact]
    public void MinDowntime_OfAWritingService_PicksPreCopyAtTheWholeLink()
    {
        var outcome = Design(Hosts.Dprgen(256, 2000), new(5000, 0, 0, 0, false), PlanObjective.Default);

        Assert.True(outcome.Feasible);
        Assert.Equal(MigrationStrategies.PreCopy, outcome.Chosen.Config.Strategy);
        Assert.Equal(0, outcome.Chosen.Config.BandwidthBps);
        Assert.NotEmpty(outcome.RunnersUp);
        Assert.All(outcome.RunnersUp,
            r => Assert.True(r.Predicted.DowntimeMs >= outcome.Chosen.Predicted.DowntimeMs - 1));
    }

    [Fact]
    public void MinResources_AtALooseDowntimeTarget_ReservesAFractionOfTheLink()
    {
        var outcome = Design(Hosts.Dprgen(64, 0), new(10_000, 30_000, 0, 0, false), new(PlanObjective.MinResources, 0));

        Assert.True(outcome.Feasible);
        Assert.InRange(outcome.Chosen.Config.BandwidthBps, 1, Hosts.Gbit / 10);
        Assert.True(outcome.Chosen.Predicted.DowntimeMs * 1.15 <= 10_000);
        Assert.True(outcome.Chosen.Predicted.TotalMs * 1.15 <= 30_000);
        Assert.All(outcome.RunnersUp.Where(r => r.Feasible),
            r => Assert.True(r.Predicted.BandwidthBps >= outcome.Chosen.Predicted.BandwidthBps));
    }

    [Fact]
    public void MinResources_OfAWritingServiceAtATightTotalTime_NeedsMoreBandwidthThanAtALooseOne()
    {
        var load = Hosts.Dprgen(256, 500);
        var loose = Design(load, new(2_500, 120_000, 0, 0, false), new(PlanObjective.MinResources, 0));
        var tight = Design(load, new(2_500, 15_000, 0, 0, false), new(PlanObjective.MinResources, 0));

        Assert.True(loose.Feasible);
        Assert.True(tight.Feasible);
        Assert.True(tight.Chosen.Predicted.BandwidthBps > loose.Chosen.Predicted.BandwidthBps,
            $"tight {tight.Chosen.Config}, loose {loose.Chosen.Config}");
    }

    [Fact]
    public void InfeasibleDowntime_IsNamedWithByHowMuch_AndTheClosestIsPicked()
    {
        var outcome = Design(Hosts.Dprgen(256, 2000), new(50, 0, 0, 0, false), PlanObjective.Default);

        Assert.False(outcome.Feasible);
        var problem = Assert.Single(outcome.Infeasible);
        Assert.Contains("downtime of at most 50 ms is infeasible", problem);
        Assert.Contains("+", problem);
        Assert.Contains("comes closest", outcome.Chosen.Why);
        Assert.NotEmpty(outcome.Chosen.Misses);
    }

    [Fact]
    public void TargetsThatCannotHoldTogether_AreSaidToConflict()
    {
        // Pre-copy alone reaches the downtime, cold alone the total time; nothing reaches both.
        var load = Hosts.Dprgen(1024, 5000);
        var cold = MigrationModel.Predict(load, new(MigrationStrategies.Cold, 0, 0), Hosts.Lab);
        var best = Design(load, new(cold.DowntimeMs / 2, 0, 0, 0, false), PlanObjective.Default).Chosen.Predicted;

        var outcome = Design(load, new(best.DowntimeMs * 1.2, cold.TotalMs * 1.2, 0, 0, false),
            PlanObjective.Default);

        Assert.False(outcome.Feasible);
        Assert.Contains(outcome.Infeasible, p => p.Contains("together"));
    }

    [Fact]
    public void ATargetMetOnlyWithoutTheSafetyMargin_IsNamedAsSuch()
    {
        var load = Hosts.Dprgen(256, 2000);
        var best = Design(load, new(1, 0, 0, 0, false), PlanObjective.Default).Chosen.Predicted;

        var outcome = Design(load, new(best.DowntimeMs * 1.05, 0, 0, 0, false), PlanObjective.Default);

        Assert.False(outcome.Feasible);
        var problem = Assert.Single(outcome.Infeasible);
        Assert.StartsWith("downtime of at most", problem, StringComparison.Ordinal);
        Assert.Contains("is met only without the 15 % safety margin a plan keeps", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPreCopy_OnlyColdIsConsidered()
    {
        var outcome = _designer.Design(Hosts.Dprgen(256, 2000), Hosts.Lab, [MigrationStrategies.Cold],
            new(0, 0, 0, 0, false), PlanObjective.Default);

        Assert.Equal(MigrationStrategies.Cold, outcome.Chosen.Config.Strategy);
        Assert.All(outcome.RunnersUp, r => Assert.Equal(MigrationStrategies.Cold, r.Config.Strategy));
    }

    private DesignOutcome Design(ServiceLoad load, KpiTargets targets, PlanObjective objective) =>
        _designer.Design(load, Hosts.Lab, Hosts.Both, targets, objective);
}
