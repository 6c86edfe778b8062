using Mose.Cli.Bench;

namespace Mose.Cli.Tests.Designer;

public sealed class InfeasibleOutcomeTests
{
    private const string Refusal = "hard targets cannot be met: downtime of at most 50 ms is infeasible";

    [Fact]
    public void HardTask_RefusedWithExitOne_ServiceInPlaceAndIntact_IsAsExpected()
    {
        var outcome = Assert.Single(DesignerSummary.Of([Rows.Refused("s", Refusal)]).Infeasible);

        Assert.True(outcome.AsExpected);
        Assert.Equal(Refusal, outcome.Said);
    }

    [Fact]
    public void HardTask_WithAnotherExitCode_IsNotRefusedAsAsked()
    {
        var outcome = Assert.Single(DesignerSummary.Of([Rows.Refused("s", Refusal, exitCode: 2)]).Infeasible);

        Assert.False(outcome.Refused);
        Assert.False(outcome.AsExpected);
    }

    [Fact]
    public void HardTask_WithAMovedServiceOrABrokenState_IsNotUntouched()
    {
        var moved = Rows.Refused("s", Refusal, hostAfter: "edge2");
        var broken = Rows.Refused("s", Refusal, stateProblems: "page 7 does not hold its version");

        var outcomes = DesignerSummary.Of([moved, broken]).Infeasible;

        Assert.All(outcomes, o => Assert.False(o.Untouched));
    }

    [Fact]
    public void SoftTask_ThatMigratesWithAPlanNamingTheDowntime_IsAsExpected()
    {
        var soft = Rows.Moved("s", DesignerTaskKind.InfeasibleSoft, 1000, 2000, 900, 1900, feasible: false);
        soft.Result.Plan.Misses.Add("downtime 1000 ms > 50 ms (+950 ms, +1900%)");

        var outcome = Assert.Single(DesignerSummary.Of([soft]).Infeasible);

        Assert.True(outcome.SaidInfeasible && outcome.Migrated && outcome.AsExpected);
    }

    [Fact]
    public void SoftTask_WhosePlanClaimsFeasible_DidNotSayInfeasible()
    {
        var soft = Rows.Moved("s", DesignerTaskKind.InfeasibleSoft, 40, 2000, 900, 1900);

        var outcome = Assert.Single(DesignerSummary.Of([soft]).Infeasible);

        Assert.False(outcome.SaidInfeasible);
        Assert.False(outcome.AsExpected);
    }
}
