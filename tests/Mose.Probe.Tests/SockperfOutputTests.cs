namespace Mose.Probe.Tests;

/// <summary>Fixtures are real sockperf 3.7 client output captured on loopback (ping-pong --tcp --mps=20).</summary>
public class SockperfOutputTests
{
    private static readonly DateTimeOffset End = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FullLog_Steady_ParsesEveryMessage()
    {
        var messages = SockperfOutput.ParseFullLog(Fixture.Read("sockperf-ok.csv"));
        var summary = SockperfOutput.ParseSummary(Fixture.Read("sockperf-ok.out"));

        Assert.Equal(31, messages.Count);
        Assert.Equal(0, messages[0].Packet);
        Assert.Equal(2.455956918, messages[0].TxSeconds, 9);
        Assert.Equal(2.456193947, messages[0].RxSeconds, 9);
        Assert.Equal(0.237029, messages[0].RoundTripMs, 5);
        Assert.Equal(31, summary.SentMessages);
        Assert.Equal(31, summary.ReceivedMessages);
        Assert.Equal(0, summary.Dropped);
        Assert.Empty(summary.Errors);

        var report = SockperfOutput.BuildReport("sockperf", messages, summary, TimeSpan.FromMilliseconds(50), End, null);
        Assert.Equal(31, report.Requests);
        Assert.Equal(0, report.Errors);
        Assert.Equal(0, report.Resets);
        Assert.True(report.ConnectionKept);
        Assert.Null(report.Error);
        Assert.Empty(report.Gaps);
        Assert.InRange(report.LongestGapMs, 45, 60);
        Assert.InRange(report.P50Ms, 0.1, 2);
        Assert.True(report.P99Ms >= report.P50Ms && report.MaxMs >= report.P99Ms);
    }

    [Fact]
    public void FullLog_ServerStoppedForOneSecond_ShowsTheGap()
    {
        var messages = SockperfOutput.ParseFullLog(Fixture.Read("sockperf-stall.csv"));
        var summary = SockperfOutput.ParseSummary(Fixture.Read("sockperf-stall.out"));

        var report = SockperfOutput.BuildReport("sockperf", messages, summary, TimeSpan.FromMilliseconds(50), End, null);

        Assert.Equal(91, report.Requests);
        Assert.True(report.ConnectionKept);
        var gap = Assert.Single(report.Gaps);
        // Replies of packets 28 and 29 arrived at 3.854928157 s and 4.901159034 s.
        Assert.Equal(1046.230877, gap.Ms, 3);
        Assert.Equal(gap.Ms, report.LongestGapMs, 6);
        Assert.InRange(report.MaxMs, 996, 997);
        Assert.True(gap.End <= End);
    }

    [Fact]
    public void Summary_ServerKilled_IsAReset()
    {
        var summary = SockperfOutput.ParseSummary(Fixture.Read("sockperf-reset.out"));

        Assert.True(summary.ConnectionReset);
        var report = SockperfOutput.BuildReport("sockperf", [], summary, TimeSpan.FromMilliseconds(50), End, null);
        Assert.Equal(1, report.Resets);
        Assert.False(report.ConnectionKept);
        Assert.Contains("forcibly closed", report.Error);
    }

    [Fact]
    public void Summary_ConnectionRefused_IsAnErrorNotAReset()
    {
        var summary = SockperfOutput.ParseSummary(Fixture.Read("sockperf-refused.out"));

        Assert.False(summary.ConnectionReset);
        var report = SockperfOutput.BuildReport("sockperf", [], summary, TimeSpan.FromMilliseconds(50), End, null);
        Assert.Equal(0, report.Resets);
        Assert.Equal(1, report.Errors);
        Assert.False(report.ConnectionKept);
        Assert.Contains("Connection refused", report.Error);
    }

    [Fact]
    public void FullLog_IgnoresTextAndEmptyInput()
    {
        Assert.Empty(SockperfOutput.ParseFullLog(""));
        Assert.Empty(SockperfOutput.ParseFullLog("packet, txTime(sec), rxTime(sec), latency(usec)\n------\n"));
    }
}
