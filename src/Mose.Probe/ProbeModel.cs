using System.Net;

namespace Mose.Probe;

/// <summary>What to probe and for how long.</summary>
/// <param name="Kind">Probe kind: redis, memcached, sockperf or iperf3 (see <see cref="ProbeFactory.KnownKinds"/>).</param>
/// <param name="Address">Service address as seen from the client's namespace.</param>
/// <param name="Port">Service TCP port.</param>
/// <param name="Duration">How long to run unless cancelled earlier.</param>
/// <param name="Interval">Time between requests (for iperf3: the reporting interval, at least 0.1 s).</param>
/// <param name="NetnsPath">Network namespace to run in, e.g. /run/netns/mose-ue; null = the current one.</param>
public sealed record ProbeOptions(string Kind, IPAddress Address, int Port, TimeSpan Duration,
    TimeSpan Interval, string? NetnsPath);

/// <summary>A period without successful responses.</summary>
public sealed record ProbeGap(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Length of the gap in milliseconds.</summary>
    public double Ms => (End - Start).TotalMilliseconds;
}

/// <summary>What the client saw during a probe run.</summary>
/// <param name="Kind">Probe kind.</param>
/// <param name="Requests">Requests sent (sockperf: logged messages; iperf3: reporting intervals).</param>
/// <param name="Errors">Failed requests: timeouts, wrong replies, dropped messages, tool errors.</param>
/// <param name="Resets">Connection resets or unexpected closes (0 or 1: the run ends on a reset).</param>
/// <param name="P50Ms">Median request latency (round trip) in ms.</param>
/// <param name="P99Ms">99th percentile latency in ms.</param>
/// <param name="MaxMs">Largest latency in ms.</param>
/// <param name="LongestGapMs">Longest time between two consecutive successful responses, in ms.</param>
/// <param name="Gaps">Gaps longer than max(3 × interval, 50 ms) (iperf3: every stretch of ~0-byte intervals).</param>
/// <param name="ConnectionKept">True when the one connection survived the whole run.</param>
/// <param name="Error">Why the run failed or was cut short, or null.</param>
public sealed record ProbeReport(string Kind, long Requests, long Errors, long Resets, double P50Ms, double P99Ms,
    double MaxMs, double LongestGapMs, IReadOnlyList<ProbeGap> Gaps, bool ConnectionKept, string? Error);

/// <summary>Runs one probe. Cancellation ends the run early and still returns the report so far.</summary>
public interface IServiceProbe
{
    Task<ProbeReport> RunAsync(ProbeOptions options, CancellationToken cancellationToken);
}
