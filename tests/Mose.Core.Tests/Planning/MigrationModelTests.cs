using Mose.Core.Migration;
using Mose.Core.Planning;

namespace Mose.Core.Tests.Planning;

public sealed class MigrationModelTests
{
    [Fact]
    public void Cold_DowntimeGrowsWithStateAndShrinksWithBandwidth()
    {
        var small = Predict(Hosts.Dprgen(64, 0), MigrationStrategies.Cold, 0, 0);
        var big = Predict(Hosts.Dprgen(1024, 0), MigrationStrategies.Cold, 0, 0);
        var slow = Predict(Hosts.Dprgen(1024, 0), MigrationStrategies.Cold, 0, 100_000_000);

        Assert.True(big.DowntimeMs > small.DowntimeMs);
        Assert.True(slow.DowntimeMs > big.DowntimeMs + 70_000);
        Assert.Empty(big.Rounds);
        Assert.Equal(1024 * 1048576L, big.FreezeBytes);
    }

    [Fact]
    public void PreCopy_OfAnIdleService_ConvergesAfterTheSecondRoundAndFreezesAlmostNothing()
    {
        var p = Predict(Hosts.Dprgen(256, 0), MigrationStrategies.PreCopy, 8, 0);

        Assert.Equal(2, p.Rounds.Count);
        Assert.Equal("converged", p.StopReason);
        Assert.Equal(0, p.FreezeBytes);
    }

    [Fact]
    public void PreCopy_OfAWritingService_SendsShrinkingRoundsAndBeatsColdOnDowntime()
    {
        var load = Hosts.Dprgen(256, 2000);
        var pre = Predict(load, MigrationStrategies.PreCopy, 8, 0);
        var cold = Predict(load, MigrationStrategies.Cold, 0, 0);

        Assert.True(pre.Rounds.Count >= 2);
        Assert.True(pre.Rounds[1].Bytes < pre.Rounds[0].Bytes);
        Assert.True(pre.DowntimeMs < cold.DowntimeMs);
        Assert.True(pre.TotalMs > cold.TotalMs);
        Assert.True(pre.Bytes > cold.Bytes);
    }

    [Fact]
    public void PreCopy_AtTheRoundBudget_StopsThere()
    {
        var p = Predict(Hosts.Dprgen(1024, 5000), MigrationStrategies.PreCopy, 2, 200_000_000);

        Assert.Equal(2, p.Rounds.Count);
        Assert.Equal("planned rounds done", p.StopReason);
    }

    [Fact]
    public void PreCopy_OfAReturnTrip_SendsOnlyWhatTheDestinationLacksInTheFirstRound()
    {
        // Left 4 s ago, writing 500 pages/s: 2000 of 65536 pages (3%) changed, a little more by the time the
        // round reads them.
        var load = Hosts.Dprgen(256, 500) with { HeldAgeSeconds = 4 };

        var p = Predict(load, MigrationStrategies.PreCopy, 2, 0);

        Assert.InRange(p.Rounds[0].Bytes, 0.03 * load.StateBytes, 0.04 * load.StateBytes);
        Assert.True(p.TotalMs < Predict(Hosts.Dprgen(256, 0), MigrationStrategies.PreCopy, 2, 0).TotalMs);
    }

    [Fact]
    public void HotPages_AreResentByEveryRoundAndTheFreezeButAddNoRate()
    {
        var load = Hosts.Dprgen(256, 0) with { HotPages = 40 };

        var p = Predict(load, MigrationStrategies.PreCopy, 3, 0);

        Assert.Equal(40 * DirtySet.PageSize, p.Rounds[1].Bytes);
        Assert.Equal(40 * DirtySet.PageSize, p.FreezeBytes);
        Assert.Equal(40, load.Dirtied(0.001), 6);
        Assert.Equal(40, load.Dirtied(1000), 6);
    }

    [Fact]
    public void Cap_AboveTheLink_GetsOnlyTheLink() =>
        Assert.Equal(Hosts.Gbit, MigrationModel.EffectiveBps(10 * Hosts.Gbit, Hosts.Gbit));

    private static KpiPrediction Predict(ServiceLoad load, string strategy, int rounds, long bps) =>
        MigrationModel.Predict(load, new MigrationConfig(strategy, rounds, bps), Hosts.Lab);
}
