using Mose.Cli.Bench;
using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Cli.Tests.Designer;

public sealed class PhaseForecastTests
{
    [Fact]
    public void Predicted_PhasesAddUpToThePredictedTotal_AndTheFreezeToTheDowntime()
    {
        var plan = Rows.Plan(1000, 3000, 0, feasible: true, 64L << 20);
        plan.Config.Strategy = "precopy";

        var phases = PhaseForecast.Predicted(plan, HostConstants.Defaults, HostConstants.Defaults, 64);

        Assert.Equal(3000, PhaseForecast.Phases.Sum(p => phases[p]), 6);
        Assert.Equal(1000 + ModelPhases.Priors[ModelPhases.OutsideFreeze].At(64),
            phases["checkpoint"] + phases["transfer"] + phases["restore"], 6);
        Assert.Equal(ModelPhases.Priors[ModelPhases.CheckpointPreCopy].At(64), phases["checkpoint"]);
        Assert.Equal(ModelPhases.Priors[ModelPhases.RestorePreCopy].At(64), phases["restore"]);
    }

    [Fact]
    public void Predicted_ColdMove_PricesTheColdRestore_AndNoPreCopy()
    {
        var cold = new HostConstants(new Dictionary<string, Line> { [ModelPhases.RestoreCold] = new(700, 0) },
            new Dictionary<string, int>());
        // Total = plan + prepare + (downtime + what runc does outside the freeze) + commit.
        var plan = Rows.Plan(1500, 1770, 0, feasible: true, 1L << 20);

        var phases = PhaseForecast.Predicted(plan, HostConstants.Defaults, cold, 1);

        Assert.Equal(700, phases["restore"]);
        Assert.Equal(0, phases["precopy"], 6);
    }

    [Fact]
    public void Measured_CountsTheLongerOfTransferAndRouteMove_AndZeroForPhasesNotRun()
    {
        var result = new MigrationResult();
        result.Phases.Add(new PhaseTiming { Phase = "transfer", Ms = 30 });
        result.Phases.Add(new PhaseTiming { Phase = "network", Ms = 45 });
        result.Phases.Add(new PhaseTiming { Phase = "checkpoint", Ms = 200 });

        var phases = PhaseForecast.Measured(result);

        Assert.Equal((45, 200, 0), (phases["transfer"], phases["checkpoint"], phases["precopy"]));
    }
}
