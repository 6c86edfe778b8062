using Mose.Core.Planning;

namespace Mose.Core.Tests.Planning;

public sealed class LineTests
{
    private static readonly Line Prior = new(100, 1);

    [Fact]
    public void Fit_OfSamplesOnALine_RecoversItsInterceptAndSlope()
    {
        var samples = new[] { 64.0, 256, 1024, 128 }.Select(x => (x, 200 + 2.5 * x)).ToList();

        var line = Line.Fit(samples, Prior);

        Assert.Equal(200, line.Intercept, 6);
        Assert.Equal(2.5, line.Slope, 6);
    }

    [Fact]
    public void Fit_WithoutSamples_IsThePrior() => Assert.Equal(Prior, Line.Fit([], Prior));

    [Fact]
    public void Fit_OfOneSizeOnly_KeepsThePriorSlopeAndMovesTheIntercept()
    {
        var line = Line.Fit([(256, 500), (256, 520)], Prior);

        Assert.Equal(1, line.Slope);
        Assert.InRange(line.Intercept, 510 - 256 - 1, 510 - 256);
    }

    [Fact]
    public void Fit_OfCostsFallingWithSize_NeverGivesANegativeSlope()
    {
        var line = Line.Fit([(10, 900), (500, 300), (1000, 100)], Prior);

        Assert.Equal(0, line.Slope);
        Assert.True(line.At(0) > 0);
    }

    [Fact]
    public void Fit_WeighsNewSamplesMore_SoAChangedHostMovesTheLine()
    {
        // Old samples cost 36 ms + x, the ten newest 236 ms + x.
        var old = Enumerable.Range(0, 40).Select(i => (64.0 + 32 * (i % 8), 100.0 + 32 * (i % 8)));
        var recent = Enumerable.Range(0, 10).Select(i => (64.0 + 32 * (i % 8), 300.0 + 32 * (i % 8)));
        var samples = recent.Concat(old).ToList();

        var line = Line.Fit(samples, Prior);
        var timeless = Line.Fit(samples, Prior, halfLife: 1e9);

        Assert.True(line.Intercept > timeless.Intercept + 15, $"{line} against {timeless}");
    }

    [Fact]
    public void Fit_CountsBigCostsByTheirRelativeError_SoSmallServicesKeepTheirFixedCost()
    {
        // Small services cost 140 ms, 64 MiB ones 200 ms, and three 512 MiB dumps 1.0, 1.8 and 1.0 s. Fitted by
        // absolute error the big, noisy dumps tilt the line and leave the small services at 102 ms.
        var samples = Enumerable.Repeat((1.0, 140.0), 10).Concat(Enumerable.Repeat((64.0, 200.0), 10))
            .Concat([(512.0, 1000.0), (512.0, 1800.0), (512.0, 1000.0)]).ToList();

        var line = Line.Fit(samples, Prior, halfLife: 1e9);

        Assert.InRange(line.At(1), 120, 150);
        Assert.InRange(line.At(64), 190, 230);
    }
}
