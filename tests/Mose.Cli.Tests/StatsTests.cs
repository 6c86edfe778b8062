using Mose.Cli.Bench;

namespace Mose.Cli.Tests;

public sealed class StatsTests
{
    [Fact]
    public void Median_OfOddCount_IsTheMiddleValue()
    {
        Assert.Equal(20, Stats.Median([35, 5, 20]));
    }

    [Fact]
    public void Median_OfEvenCount_IsTheMeanOfTheTwoMiddleValues()
    {
        Assert.Equal(25, Stats.Median([40, 10, 20, 30]));
    }

    [Fact]
    public void Median_OfOneValue_IsThatValue()
    {
        Assert.Equal(7.5, Stats.Median([7.5]));
    }

    [Fact]
    public void Median_OfNothing_IsZero()
    {
        Assert.Equal(0, Stats.Median([]));
    }

    [Fact]
    public void Median_IgnoresAnOutlier()
    {
        Assert.Equal(12.5, Stats.Median([11, 12, 13, 5_000]));
    }
}
