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
    public void HotPages_ThatChangeInEveryRound_DoNotCountAsARate()
    {
        // 40 hot pages change in every 50 ms read, plus 100 random writes over 10 000 pages; a random page is
        // hit in two rounds in a row 100 · 100 / 10 000 = 1 time.
        var report = new DirtyRateReport(1,
        [
            Round(0, 10_000, present: 10_000),
            Hot(0.05, changed: 140, repeated: 40),
            Hot(0.10, changed: 140, repeated: 41),
            Hot(0.15, changed: 140, repeated: 43),
        ]);

        Assert.Equal((41 + 43) / 2.0 - 140.0 * 140 / 10_000, report.HotPages, 6);
        Assert.Equal((140 - report.HotPages) / 0.05, report.DirtiedPagesPerSecond!.Value, 6);
    }

    [Fact]
    public void HotPages_WithFewerThanThreeRounds_AreNone()
    {
        var report = new DirtyRateReport(1, [Round(0, 100), Hot(1, changed: 50, repeated: 0)]);

        Assert.Equal(0, report.HotPages);
        Assert.Equal(50, report.DirtiedPagesPerSecond);
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

    private static ProfiledRound Hot(double startSeconds, long changed, long repeated, long present = 10_000)
    {
        var delta = new DirtyRound(1, present, changed, 0, 0, repeated);
        return new ProfiledRound(TimeSpan.FromSeconds(startSeconds), TimeSpan.FromMilliseconds(40),
            new MemoryReadTally { Pages = present }, delta);
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
