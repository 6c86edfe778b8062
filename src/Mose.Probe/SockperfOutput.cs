using System.Globalization;
using System.Text.RegularExpressions;

namespace Mose.Probe;

/// <summary>One message from sockperf's <c>--full-log</c>: send and receive times in seconds on sockperf's
/// own clock.</summary>
public sealed record SockperfMessage(long Packet, double TxSeconds, double RxSeconds)
{
    public bool Received => RxSeconds > 0;

    public double RoundTripMs => (RxSeconds - TxSeconds) * 1000.0;
}

/// <summary>The parts of sockperf's printed summary the probe uses.</summary>
public sealed record SockperfSummary(long? SentMessages, long? ReceivedMessages, long Dropped, long Duplicated,
    long OutOfOrder, IReadOnlyList<string> Errors)
{
    /// <summary>True when an error says the peer closed or reset the connection.</summary>
    public bool ConnectionReset => Errors.Any(SockperfOutput.IsResetMessage);
}

/// <summary>Parsers for sockperf 3.7 client output.</summary>
public static partial class SockperfOutput
{
    /// <summary>Parses the CSV rows (<c>packet, txTime(sec), rxTime(sec), latency(usec)</c>) of a full log,
    /// skipping the summary text sockperf puts before them.</summary>
    public static IReadOnlyList<SockperfMessage> ParseFullLog(string text)
    {
        var messages = new List<SockperfMessage>();
        foreach (var raw in text.Split('\n'))
        {
            var fields = raw.Split(',');
            if (fields.Length < 3
                || !long.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var packet)
                || !double.TryParse(fields[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var tx)
                || !double.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rx))
            {
                continue;
            }

            messages.Add(new SockperfMessage(packet, tx, rx));
        }

        return messages;
    }

    /// <summary>Parses the client's printed summary (stdout and stderr together). Counts come from the
    /// "[Valid Duration]" line, which covers the same messages as the full log.</summary>
    public static SockperfSummary ParseSummary(string output)
    {
        var text = Ansi().Replace(output, "");
        long? sent = null;
        long? received = null;
        var valid = ValidDuration().Match(text);
        if (valid.Success)
        {
            sent = long.Parse(valid.Groups["sent"].Value, CultureInfo.InvariantCulture);
            received = long.Parse(valid.Groups["received"].Value, CultureInfo.InvariantCulture);
        }

        long dropped = 0, duplicated = 0, outOfOrder = 0;
        var counts = Counts().Match(text);
        if (counts.Success)
        {
            dropped = long.Parse(counts.Groups["dropped"].Value, CultureInfo.InvariantCulture);
            duplicated = long.Parse(counts.Groups["dup"].Value, CultureInfo.InvariantCulture);
            outOfOrder = long.Parse(counts.Groups["ooo"].Value, CultureInfo.InvariantCulture);
        }

        var errors = ErrorLine().Matches(text).Select(m => m.Groups["msg"].Value.Trim()).ToArray();
        return new SockperfSummary(sent, received, dropped, duplicated, outOfOrder, errors);
    }

    internal static bool IsResetMessage(string error) =>
        error.Contains("forcibly closed", StringComparison.OrdinalIgnoreCase)
        || error.Contains("reset", StringComparison.OrdinalIgnoreCase)
        || error.Contains("broken pipe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds a report from a full log and summary. <paramref name="lastReceivedAt"/> is the wall
    /// time the last logged reply is taken to have arrived (sockperf's clock has no wall-time anchor).</summary>
    public static ProbeReport BuildReport(string kind, IReadOnlyList<SockperfMessage> messages, SockperfSummary summary,
        TimeSpan interval, DateTimeOffset lastReceivedAt, string? extraError)
    {
        var latency = new LatencyStats();
        var gaps = new GapTracker(interval);
        var received = messages.Where(m => m.Received).OrderBy(m => m.RxSeconds).ToArray();
        var lastRx = received.Length > 0 ? received[^1].RxSeconds : 0;
        foreach (var message in received)
        {
            latency.Add(message.RoundTripMs);
            gaps.Success(lastReceivedAt - TimeSpan.FromSeconds(lastRx - message.RxSeconds));
        }

        long requests = messages.Count > 0 ? messages.Count : summary.SentMessages ?? 0;
        long errors = messages.Count - received.Length + summary.Dropped;
        if (summary.SentMessages is { } s && summary.ReceivedMessages is { } r && s > r)
        {
            errors += s - r - (messages.Count - received.Length);
        }

        var reset = summary.ConnectionReset;
        var otherErrors = summary.Errors.Where(e => !IsResetMessage(e)).ToArray();
        errors += otherErrors.Length;
        var problems = summary.Errors.Select(e => $"sockperf: {e}").ToList();
        if (extraError is not null)
        {
            problems.Add(extraError);
        }

        var kept = !reset && otherErrors.Length == 0 && extraError is null && received.Length > 0;
        if (problems.Count == 0 && received.Length == 0)
        {
            problems.Add("sockperf logged no replies.");
        }

        return new ProbeReport(kind, requests, Math.Max(0, errors), reset ? 1 : 0, latency.Percentile(50),
            latency.Percentile(99), latency.Max, gaps.LongestGapMs, gaps.Gaps.ToArray(), kept,
            problems.Count == 0 ? null : string.Join(" ", problems));
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"\[Valid Duration\].*?SentMessages=(?<sent>\d+);\s*ReceivedMessages=(?<received>\d+)")]
    private static partial Regex ValidDuration();

    [GeneratedRegex(@"# dropped messages = (?<dropped>\d+); # duplicated messages = (?<dup>\d+); # out-of-order messages = (?<ooo>\d+)")]
    private static partial Regex Counts();

    [GeneratedRegex(@"ERROR:\s*(?<msg>[^\r\n]*)")]
    private static partial Regex ErrorLine();
}
