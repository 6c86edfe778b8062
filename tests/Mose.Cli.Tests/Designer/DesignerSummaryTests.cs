using Mose.Cli.Bench;
using static Mose.Cli.Bench.DesignerTaskKind;

namespace Mose.Cli.Tests.Designer;

public sealed class DesignerSummaryTests
{
    [Fact]
    public void MetRate_CountsFeasiblePlansOnly_AndAFailedMigrationAsMissed()
    {
        var summary = DesignerSummary.Of([
            Rows.Moved("s", Loose, 100, 1000, 90, 900), Rows.Moved("s", Tight, 100, 1000, 120, 900),
            Rows.Moved("s", MinResources, 100, 1000, 110, 1100), Rows.Failed("s", Weighted),
            Rows.Moved("s", InfeasibleSoft, 1000, 2000, 900, 1900, feasible: false)]);

        // Loose and min-resources allow 10 s and 60 s, tight 150 ms and 2000 ms: all three are met.
        Assert.Equal((4, 3), (summary.FeasibleTasks, summary.FeasibleMet));
        Assert.Equal(0.75, summary.MetRate);
    }

    [Fact]
    public void Met_IsJudgedOnTheMeasuredKpisAgainstEachTarget()
    {
        var tight = Rows.Moved("s", Tight, 100, 1000, 151, 900);
        var slow = Rows.Moved("s", Tight, 100, 1000, 150, 2001);
        var edge = Rows.Moved("s", Tight, 100, 1000, 150, 2000);

        Assert.Equal((false, false, true), (tight.Met, slow.Met, edge.Met));
    }

    [Fact]
    public void PredictionErrors_AreMediansOfAbsoluteRelativeErrors_OverSuccessfulTasksAToD()
    {
        // A failed migration and an infeasible task are left out, however wrong their predictions.
        var summary = DesignerSummary.Of([
            Rows.Moved("s", Loose, 110, 1500, 100, 1000), Rows.Moved("s", Tight, 80, 900, 100, 1000),
            Rows.Moved("s", MinResources, 130, 1000, 100, 1000), Rows.Failed("s", Weighted),
            Rows.Moved("s", InfeasibleSoft, 1000, 9000, 100, 1000, feasible: false)]);

        Assert.Equal(3, summary.Errors.Samples);
        Assert.Equal(0.2, summary.Errors.Downtime, 9);
        Assert.Equal(0.1, summary.Errors.Total, 9);
    }

    [Fact]
    public void UnreusedErrors_LeaveOutMovesThatSentLessThanHalfThePredictedBytes()
    {
        var reused = Rows.Moved("s", Tight, 500, 5000, 100, 1000);
        reused.Result.RawBytes = 1000;
        DesignerRow[] rows = [Rows.Moved("s", Loose, 110, 1100, 100, 1000), reused];

        var summary = DesignerSummary.Of(rows);

        Assert.True(reused.Reused);
        Assert.Equal(1, summary.Unreused.Samples);
        Assert.Equal(0.1, summary.Unreused.Downtime, 9);
        Assert.Equal(0.1, summary.Unreused.Total, 9);
        Assert.Equal(2.05, summary.Errors.Downtime, 9);
    }

    [Fact]
    public void BandwidthRatio_TakesTheCapOrTheLinkWhenUncapped_AndTheMedianOverServices()
    {
        DesignerRow[] rows =
        [
            Rows.Moved("x", Loose, 1, 1, 1, 1),
            Rows.Moved("x", MinResources, 1, 1, 1, 1, capBps: 100_000_000),
            Rows.Moved("y", Loose, 1, 1, 1, 1, capBps: 800_000_000),
            Rows.Moved("y", MinResources, 1, 1, 1, 1, capBps: 200_000_000),
            Rows.Moved("z", Loose, 1, 1, 1, 1),
            Rows.Moved("z", MinResources, 1, 1, 1, 1, capBps: 400_000_000),
            Rows.Moved("lonely", Loose, 1, 1, 1, 1),
        ];

        var summary = DesignerSummary.Of(rows);

        Assert.Equal(["x", "y", "z"], summary.Ratios.Select(r => r.Service));
        Assert.Equal([0.1, 0.25, 0.4], summary.Ratios.Select(r => r.Bandwidth));
        Assert.Equal(0.25, summary.BandwidthRatio);
    }

    [Fact]
    public void RateRatio_ComparesWireBitsOverPreCopyAndTransferTime()
    {
        var fast = Rows.Moved("x", Loose, 1, 1, 1, 1, bytes: 100_000_000, precopyMs: 600, transferMs: 200);
        var slow = Rows.Moved("x", MinResources, 1, 1, 1, 1, bytes: 100_000_000, transferMs: 8000);

        var summary = DesignerSummary.Of([fast, slow]);

        Assert.Equal(1e9, fast.AverageRateBps, 3);
        Assert.Equal(1e8, slow.AverageRateBps, 3);
        Assert.Equal(0.1, summary.RateRatio, 9);
    }

    [Fact]
    public void RatioPerService_IsTheMedianOverRuns()
    {
        DesignerRow[] rows =
        [
            .. new[] { (1, 100_000_000L), (2, 300_000_000L), (3, 200_000_000L) }.SelectMany(r => new[]
            {
                Rows.Moved("x", Loose, 1, 1, 1, 1, run: r.Item1),
                Rows.Moved("x", MinResources, 1, 1, 1, 1, capBps: r.Item2, run: r.Item1),
            }),
        ];

        var ratio = Assert.Single(DesignerSummary.Of(rows).Ratios);

        Assert.Equal((0.2, 3), (ratio.Bandwidth, ratio.Runs));
    }

    [Fact]
    public void MedianOf_IgnoresMissingValues_AndIsNaNWithoutAny()
    {
        Assert.Equal(2, DesignerSummary.MedianOf([1, double.NaN, 3]));
        Assert.True(double.IsNaN(DesignerSummary.MedianOf([double.NaN])));
        Assert.True(double.IsNaN(DesignerSummary.Of([]).MetRate));
    }
}
