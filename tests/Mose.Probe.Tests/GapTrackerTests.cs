using Microsoft.Extensions.Time.Testing;

namespace Mose.Probe.Tests;

public class GapTrackerTests
{
    [Theory]
    [InlineData(10, 50)]
    [InlineData(16, 50)]
    [InlineData(17, 51)]
    [InlineData(100, 300)]
    public void Threshold_IsMaxOfThreeIntervalsAnd50Ms(int intervalMs, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), GapTracker.ThresholdFor(TimeSpan.FromMilliseconds(intervalMs)));
    }

    [Fact]
    public void SteadyResponses_NoListedGaps_LongestIsInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tracker = new GapTracker(TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 10; i++)
        {
            tracker.Success(time.GetUtcNow());
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Empty(tracker.Gaps);
        Assert.Equal(100, tracker.LongestGapMs, 3);
    }

    [Fact]
    public void Stall_IsListedWithItsBoundsAndIsLongest()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tracker = new GapTracker(TimeSpan.FromMilliseconds(20));
        tracker.Success(time.GetUtcNow());
        time.Advance(TimeSpan.FromMilliseconds(20));
        var stallStart = time.GetUtcNow();
        tracker.Success(stallStart);
        time.Advance(TimeSpan.FromMilliseconds(740));
        var stallEnd = time.GetUtcNow();
        tracker.Success(stallEnd);
        time.Advance(TimeSpan.FromMilliseconds(60)); // just over the 60 ms threshold? no: equal -> not listed
        tracker.Success(time.GetUtcNow());
        time.Advance(TimeSpan.FromMilliseconds(61));
        tracker.Success(time.GetUtcNow());

        Assert.Equal(2, tracker.Gaps.Count);
        Assert.Equal(new ProbeGap(stallStart, stallEnd), tracker.Gaps[0]);
        Assert.Equal(740, tracker.Gaps[0].Ms, 3);
        Assert.Equal(61, tracker.Gaps[1].Ms, 3);
        Assert.Equal(740, tracker.LongestGapMs, 3);
    }

    [Fact]
    public void SingleResponse_HasNoGap()
    {
        var tracker = new GapTracker(TimeSpan.FromMilliseconds(10));
        tracker.Success(DateTimeOffset.UnixEpoch);
        Assert.Equal(0, tracker.LongestGapMs);
        Assert.Empty(tracker.Gaps);
    }
}
