namespace Mose.Probe.Tests;

/// <summary>Fixtures are real iperf3 3.12 client JSON captured on loopback (-i 0.1 --json).</summary>
public class Iperf3OutputTests
{
    private static readonly DateTimeOffset End = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Steady_ParsesIntervalsAndRtt()
    {
        var result = Iperf3Output.Parse(Fixture.Read("iperf3-ok.json"));

        Assert.Equal(20, result.Intervals.Count);
        Assert.Null(result.Error);
        Assert.Equal(176947200, result.Intervals[0].Bytes);
        Assert.Equal(0.334, result.Intervals[0].RttMs!.Value, 6);

        var report = Iperf3Output.BuildReport("iperf3", result, End, cancelled: false, null);
        Assert.Equal(20, report.Requests);
        Assert.Empty(report.Gaps);
        Assert.Equal(0, report.LongestGapMs);
        Assert.True(report.ConnectionKept);
        Assert.Null(report.Error);
        Assert.True(report.P50Ms > 0);
    }

    [Fact]
    public void ServerStopped_ZeroByteIntervalIsAGap()
    {
        var result = Iperf3Output.Parse(Fixture.Read("iperf3-stall.json"));

        var report = Iperf3Output.BuildReport("iperf3", result, End, cancelled: false, null);

        Assert.Equal(30, report.Requests);
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(100, gap.Ms, 0);
        Assert.Equal(gap.Ms, report.LongestGapMs);
        // Interval 1.9-2.0 s of a run whose last interval ends at 3.0 s.
        Assert.Equal(End - TimeSpan.FromSeconds(1.1), gap.Start, TimeSpan.FromMilliseconds(5));
        Assert.True(report.ConnectionKept);
    }

    [Fact]
    public void ServerKilled_IsAReset()
    {
        var result = Iperf3Output.Parse(Fixture.Read("iperf3-reset.json"));

        Assert.Equal("control socket has closed unexpectedly", result.Error);
        Assert.True(result.ConnectionReset);
        var report = Iperf3Output.BuildReport("iperf3", result, End, cancelled: false, null);
        Assert.Equal(1, report.Resets);
        Assert.Equal(10, report.Requests);
        Assert.False(report.ConnectionKept);
        Assert.Contains("closed unexpectedly", report.Error);
    }

    [Fact]
    public void ConnectionRefused_IsAnError()
    {
        var result = Iperf3Output.Parse(Fixture.Read("iperf3-refused.json"));

        var report = Iperf3Output.BuildReport("iperf3", result, End, cancelled: false, null);
        Assert.Equal(0, report.Requests);
        Assert.Equal(1, report.Errors);
        Assert.Equal(0, report.Resets);
        Assert.False(report.ConnectionKept);
        Assert.Contains("Connection refused", report.Error);
    }

    [Fact]
    public void Interrupted_IsNotAnErrorWhenWeCancelled()
    {
        var result = Iperf3Output.Parse(Fixture.Read("iperf3-interrupted.json"));
        Assert.True(result.Interrupted);

        var cancelled = Iperf3Output.BuildReport("iperf3", result, End, cancelled: true, null);
        Assert.Null(cancelled.Error);
        Assert.True(cancelled.ConnectionKept);
        Assert.Equal(15, cancelled.Requests);

        var notCancelled = Iperf3Output.BuildReport("iperf3", result, End, cancelled: false, null);
        Assert.NotNull(notCancelled.Error);
        Assert.False(notCancelled.ConnectionKept);
    }

    [Fact]
    public void Idle_UsesOnePercentOfMedian()
    {
        Iperf3Interval I(long bytes) => new(0, 0.1, bytes, null);
        var idle = Iperf3Output.Idle([I(1000), I(1000), I(9), I(10), I(0), I(1000)]);
        Assert.Equal([false, false, true, false, true, false], idle);
    }
}
