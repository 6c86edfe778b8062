namespace Mose.Probe.Tests;

public class LatencyStatsTests
{
    [Fact]
    public void Empty_ReportsZero()
    {
        var stats = new LatencyStats();
        Assert.Equal(0, stats.Percentile(50));
        Assert.Equal(0, stats.Percentile(99));
        Assert.Equal(0, stats.Max);
    }

    [Fact]
    public void OneToHundred_NearestRank()
    {
        var stats = new LatencyStats();
        foreach (var v in Enumerable.Range(1, 100).Reverse())
        {
            stats.Add(v);
        }

        Assert.Equal(50, stats.Percentile(50));
        Assert.Equal(99, stats.Percentile(99));
        Assert.Equal(100, stats.Max);
        Assert.Equal(1, stats.Percentile(0));
        Assert.Equal(1, stats.Percentile(1));
    }

    [Fact]
    public void SmallSet_RoundsRankUp()
    {
        var stats = new LatencyStats();
        stats.Add(5);
        stats.Add(1);
        stats.Add(3);
        stats.Add(2);

        // n=4: p50 -> rank ceil(2)=2 -> 2; p99 -> rank ceil(3.96)=4 -> 5; p26 -> rank ceil(1.04)=2 -> 2.
        Assert.Equal(2, stats.Percentile(50));
        Assert.Equal(5, stats.Percentile(99));
        Assert.Equal(2, stats.Percentile(26));
    }

    [Fact]
    public void AddingAfterQuery_StillSorted()
    {
        var stats = new LatencyStats();
        stats.Add(10);
        Assert.Equal(10, stats.Percentile(50));
        stats.Add(1);
        Assert.Equal(1, stats.Percentile(50));
        Assert.Equal(10, stats.Max);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void OutOfRangePercentile_Throws(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyStats().Percentile(p));
    }
}
