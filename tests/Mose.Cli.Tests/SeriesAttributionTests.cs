using Mose.Cli.Bench;
using Mose.Contracts.Orchestrator;
using Mose.Probe;

namespace Mose.Cli.Tests;

public sealed class SeriesAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Attribute_GapOutlastingItsMigration_CountsOnlyForTheRunItBeganIn()
    {
        var runs = new[] { Run(1, 0, 500), Run(2, 2000, 2500) };
        var gaps = new[] { Gap(100, 1600), Gap(2100, 2400) };

        var rows = MigrationSeries.Attribute(runs, gaps);

        Assert.Equal(1500, rows[0].ClientGapMs);
        Assert.Equal(300, rows[1].ClientGapMs);
    }

    [Fact]
    public void Attribute_GapPlacedSlightlyBeforeTheRun_StillCounts()
    {
        var rows = MigrationSeries.Attribute([Run(1, 1000, 1500)], [Gap(850, 1200)]);

        Assert.Equal(350, rows[0].ClientGapMs);
    }

    [Fact]
    public void Attribute_RunWithoutGap_ReportsZero()
    {
        var rows = MigrationSeries.Attribute([Run(1, 0, 500)], [Gap(5000, 5100)]);

        Assert.Equal(0, rows[0].ClientGapMs);
    }

    private static (int, string, string, DateTimeOffset, DateTimeOffset, MigrationResult) Run(int run, int startMs, int endMs) =>
        (run, "edge1", "edge2", T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs), new MigrationResult { Success = true });

    private static ProbeGap Gap(int startMs, int endMs) => new(T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs));
}
