using System.Globalization;
using System.Net.Sockets;
using Mose.Core.Processes;

namespace Mose.Probe;

/// <summary>
/// Runs the real sockperf client in TCP ping-pong mode (one connection, one message per interval) and
/// reads per-message send/receive times from its full log.
/// </summary>
public sealed class SockperfProbe(TimeProvider time, ICommandRunner runner) : IServiceProbe
{
    /// <summary>Allowance over the run duration for sockperf's start-up (clock calibration, warm-up).</summary>
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(30);

    /// <summary>The sockperf arguments for a run writing its full log to <paramref name="fullLogPath"/>.</summary>
    public static IReadOnlyList<string> Arguments(ProbeOptions options, string fullLogPath) =>
    [
        "ping-pong", "--tcp",
        "-i", options.Address.ToString(),
        "-p", options.Port.ToString(CultureInfo.InvariantCulture),
        "-t", Seconds(options.Duration).ToString(CultureInfo.InvariantCulture),
        $"--mps={MessagesPerSecond(options.Interval).ToString(CultureInfo.InvariantCulture)}",
        "--full-log", fullLogPath,
    ];

    /// <summary>sockperf's --mps for an interval: 1/interval, at least 1.</summary>
    public static int MessagesPerSecond(TimeSpan interval) =>
        Math.Max(1, (int)Math.Round(1.0 / interval.TotalSeconds));

    private static int Seconds(TimeSpan duration) => Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));

    public async Task<ProbeReport> RunAsync(ProbeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ProbeOptionsValidation.Validate(options);
        if (options.Address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("sockperf probing supports IPv4 addresses only.", nameof(options));
        }

        var logPath = Path.Combine(Path.GetTempPath(), $"mose-probe-sockperf-{Guid.NewGuid():N}.csv");
        try
        {
            var outcome = await ExternalTool.RunAsync(runner, time, options.NetnsPath, "sockperf",
                Arguments(options, logPath), logPath, options.Duration + StartupAllowance, cancellationToken)
                .ConfigureAwait(false);
            var messages = SockperfOutput.ParseFullLog(ExternalTool.ReadIfExists(logPath));
            var output = outcome.Result is { } r ? r.StandardOutput + "\n" + r.StandardError : "";
            var summary = SockperfOutput.ParseSummary(output);
            var extra = outcome.Failure;
            if (extra is null && outcome.Result is { ExitCode: not 0 } failed && summary.Errors.Count == 0)
            {
                extra = $"sockperf exited with code {failed.ExitCode}: {Tail(failed.StandardError)}";
            }

            var interval = TimeSpan.FromSeconds(1.0 / MessagesPerSecond(options.Interval));
            return SockperfOutput.BuildReport("sockperf", messages, summary, interval, outcome.FinishedAt, extra);
        }
        finally
        {
            ExternalTool.TryDelete(logPath);
        }
    }

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 400 ? "…" + trimmed[^400..] : trimmed;
    }
}
