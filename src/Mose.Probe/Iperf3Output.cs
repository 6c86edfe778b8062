using System.Text.Json;

namespace Mose.Probe;

/// <summary>One iperf3 reporting interval (seconds since the test start), with the sender's smoothed
/// TCP round-trip time when iperf3 reports it.</summary>
public sealed record Iperf3Interval(double Start, double End, long Bytes, double? RttMs);

/// <summary>The parts of iperf3's <c>--json</c> output the probe uses.</summary>
public sealed record Iperf3Result(IReadOnlyList<Iperf3Interval> Intervals, string? Error)
{
    /// <summary>True when the error says the connection was closed or reset under iperf3.</summary>
    public bool ConnectionReset => Error is { } e && Iperf3Output.IsResetMessage(e);

    /// <summary>True when the error only says iperf3 was interrupted (SIGINT), i.e. it was stopped on purpose.</summary>
    public bool Interrupted => Error is { } e && e.StartsWith("interrupt", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Parser and gap analysis for iperf3 3.x client JSON output.</summary>
public static class Iperf3Output
{
    /// <summary>Parses iperf3 JSON; intervals come from each interval's <c>sum</c>.</summary>
    /// <exception cref="JsonException">The text is not iperf3 JSON.</exception>
    public static Iperf3Result Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var intervals = new List<Iperf3Interval>();
        if (root.TryGetProperty("intervals", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var interval in list.EnumerateArray())
            {
                if (!interval.TryGetProperty("sum", out var sum))
                {
                    continue;
                }

                double? rtt = null;
                if (interval.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
                {
                    var rtts = streams.EnumerateArray()
                        .Where(s => s.TryGetProperty("rtt", out var v) && v.ValueKind == JsonValueKind.Number)
                        .Select(s => s.GetProperty("rtt").GetDouble() / 1000.0)
                        .ToArray();
                    if (rtts.Length > 0)
                    {
                        rtt = rtts.Max();
                    }
                }

                intervals.Add(new Iperf3Interval(Number(sum, "start"), Number(sum, "end"),
                    (long)Number(sum, "bytes"), rtt));
            }
        }

        string? error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()
            : null;
        return new Iperf3Result(intervals, error);
    }

    internal static bool IsResetMessage(string error) =>
        error.Contains("closed unexpectedly", StringComparison.OrdinalIgnoreCase)
        || error.Contains("reset", StringComparison.OrdinalIgnoreCase)
        || error.Contains("broken pipe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an interval moved about nothing: under 1% of the median non-empty interval.</summary>
    public static bool[] Idle(IReadOnlyList<Iperf3Interval> intervals)
    {
        var moving = intervals.Where(i => i.Bytes > 0).Select(i => i.Bytes).Order().ToArray();
        var median = moving.Length == 0 ? 0 : moving[(moving.Length - 1) / 2];
        var floor = Math.Max(1, median / 100);
        return intervals.Select(i => i.Bytes < floor).ToArray();
    }

    /// <summary>Builds a report. Each run of idle intervals is a gap (from the start of its first to the end
    /// of its last interval); <paramref name="lastEndAt"/> is the wall time of the last interval's end.</summary>
    public static ProbeReport BuildReport(string kind, Iperf3Result result, DateTimeOffset lastEndAt,
        bool cancelled, string? extraError)
    {
        var intervals = result.Intervals;
        var idle = Idle(intervals);
        var lastEnd = intervals.Count > 0 ? intervals[^1].End : 0;
        DateTimeOffset At(double seconds) => lastEndAt - TimeSpan.FromSeconds(lastEnd - seconds);

        var gaps = new List<ProbeGap>();
        for (var i = 0; i < intervals.Count; i++)
        {
            if (!idle[i])
            {
                continue;
            }

            var first = i;
            while (i + 1 < intervals.Count && idle[i + 1])
            {
                i++;
            }

            gaps.Add(new ProbeGap(At(intervals[first].Start), At(intervals[i].End)));
        }

        var latency = new LatencyStats();
        foreach (var interval in intervals)
        {
            if (interval.RttMs is { } rtt)
            {
                latency.Add(rtt);
            }
        }

        var reset = result.ConnectionReset;
        var benign = cancelled && result.Interrupted;
        string? error = null;
        if (result.Error is { } e && !benign)
        {
            error = $"iperf3: {e}";
        }

        if (extraError is not null)
        {
            error = error is null ? extraError : $"{error} {extraError}";
        }

        if (error is null && intervals.Count == 0)
        {
            error = "iperf3 reported no intervals.";
        }

        var errors = (result.Error is not null && !benign && !reset ? 1 : 0) + (extraError is null ? 0 : 1);
        return new ProbeReport(kind, intervals.Count, errors, reset ? 1 : 0, latency.Percentile(50),
            latency.Percentile(99), latency.Max, gaps.Count == 0 ? 0 : gaps.Max(g => g.Ms), gaps, error is null,
            error);
    }

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
}
