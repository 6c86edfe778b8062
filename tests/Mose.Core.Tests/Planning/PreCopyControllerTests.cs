using Mose.Core.Migration;
using Mose.Core.Planning;

namespace Mose.Core.Tests.Planning;

public sealed class PreCopyControllerTests
{
    private const long Page = DirtySet.PageSize;
    private const long Pages256 = 65536;

    private static PreCopyController Controller(KpiTargets targets, int planned = 3) =>
        new(new MigrationConfig(MigrationStrategies.PreCopy, planned, 0), Hosts.Dprgen(256, 2000), Hosts.Lab,
            targets, maxRounds: 20);

    [Fact]
    public void AfterTheFirstOfThreePlannedRounds_GoesOn()
    {
        var d = Controller(new(2000, 0, 0, 0, false)).Decide([Round(1, Pages256, 700)], TimeSpan.FromSeconds(1));

        Assert.Equal(RoundAction.Continue, d.Action);
        Assert.Contains("round 1 of 3 planned", d.Reason);
    }

    [Fact]
    public void RoundsThatStopShrinking_StopEarly()
    {
        var d = Controller(new(2000, 0, 0, 0, false))
            .Decide([Round(1, Pages256, 700), Round(2, 3000, 300), Round(3, 2900, 300)], TimeSpan.FromSeconds(2));

        Assert.Equal(RoundAction.Stop, d.Action);
        Assert.Contains("stopped shrinking", d.Reason);
    }

    [Fact]
    public void PlannedRoundsDone_ButDowntimeNotReachable_GoesOnWhileTimeRemains()
    {
        // The service writes far faster than planned: the freeze would still be large.
        var d = Controller(new(600, 0, 0, 0, false), planned: 2)
            .Decide([Round(1, Pages256, 700), Round(2, 40_000, 900)], TimeSpan.FromSeconds(2));

        Assert.Equal(RoundAction.Continue, d.Action);
        Assert.Contains("past the plan", d.Reason);
    }

    [Fact]
    public void AnotherRoundThatWouldMissTheTotalTimeTarget_StopsNow()
    {
        var d = Controller(new(0, 3000, 0, 0, false), planned: 5)
            .Decide([Round(1, Pages256, 700), Round(2, 3000, 300)], TimeSpan.FromMilliseconds(2400));

        Assert.Equal(RoundAction.Stop, d.Action);
        Assert.Contains("miss the total-time target", d.Reason);
    }

    [Fact]
    public void HardDowntimeTargetThatNoRoundCanReach_Aborts()
    {
        var d = Controller(new(300, 0, 0, 0, true))
            .Decide([Round(1, Pages256, 700), Round(2, 30_000, 900), Round(3, 29_000, 900)], TimeSpan.FromSeconds(3));

        Assert.Equal(RoundAction.Abort, d.Action);
        Assert.Contains("cannot be met", d.Reason);
    }

    [Fact]
    public void HardTotalTimeAlreadyOutOfReach_Aborts()
    {
        var d = Controller(new(0, 1000, 0, 0, true)).Decide([Round(1, Pages256, 700)], TimeSpan.FromSeconds(5));

        Assert.Equal(RoundAction.Abort, d.Action);
    }

    [Fact]
    public void ATinyRound_Converges()
    {
        var d = Controller(KpiTargets.None).Decide([Round(1, Pages256, 700), Round(2, 10, 300)], TimeSpan.FromSeconds(1));

        Assert.Equal(RoundAction.Stop, d.Action);
        Assert.StartsWith("converged", d.Reason);
    }

    private static RoundObservation Round(int round, long pagesSent, double ms) =>
        new(round, Pages256, pagesSent, pagesSent * Page, ms);
}
