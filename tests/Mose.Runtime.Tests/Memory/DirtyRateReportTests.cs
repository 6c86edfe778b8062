using Mose.Runtime.Memory;

namespace Mose.Runtime.Tests.Memory;

public sealed class DirtyRateReportTests
{
    [Fact]
    public void DirtiedPagesPerSecond_IsTheMedianOverRoundsAfterTheFirst()
    {
        var report = new DirtyRateReport(1,
        [
            Round(startSeconds: 0, dirtied: 5000),
            Round(startSeconds: 1, dirtied: 100),
            Round(startSeconds: 2, dirtied: 900),
            Round(startSeconds: 4, dirtied: 400),
        ]);

        // Rates: 100 / 1 s, 900 / 1 s, 400 / 2 s; the first round's pages are all new and do not count.
        Assert.Equal(200, report.DirtiedPagesPerSecond);
        Assert.Equal(200 * 4096, report.DirtiedBytesPerSecond);
    }

    [Fact]
    public void DirtiedPagesPerSecond_OfAnEvenCount_AveragesTheMiddleTwo()
    {
        var report = new DirtyRateReport(1,
            [Round(0, 10), Round(1, 100), Round(2, 300)]);

        Assert.Equal(200, report.DirtiedPagesPerSecond);
    }

    [Fact]
    public void DirtiedPagesPerSecond_WithOneRound_IsNull()
    {
        var report = new DirtyRateReport(1, [Round(0, 10)]);

        Assert.Null(report.DirtiedPagesPerSecond);
    }

    [Fact]
    public void SizesAndSpeeds_ComeFromTheRounds()
    {
        var report = new DirtyRateReport(1,
            [Round(0, 10, present: 100, readMs: 100), Round(1, 0, present: 300, readMs: 300)]);

        Assert.Equal(300, report.PresentPages);
        Assert.Equal(300 * 4096, report.ResidentBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(200), report.PassReadTime);
        Assert.Equal((100 + 300) * 4096 / 0.4, report.ReadBytesPerSecond, 6);
    }

    private static ProfiledRound Round(
        double startSeconds, long dirtied, long present = 1000, int readMs = 500)
    {
        var tally = new MemoryReadTally { Pages = present };
        var delta = new DirtyRound(0, present, dirtied / 2, dirtied - (dirtied / 2), 0);
        var startedAt = TimeSpan.FromSeconds(startSeconds);
        return new ProfiledRound(startedAt, TimeSpan.FromMilliseconds(readMs), tally, delta);
    }
}
