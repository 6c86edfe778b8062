using System.Globalization;
using System.Text.Json;
using Mose.Core.Processes;

namespace Mose.Probe;

/// <summary>
/// Runs the real iperf3 client (one TCP stream) and treats stretches of reporting intervals that moved
/// about no bytes as gaps. Latency samples are the sender's kernel-smoothed TCP RTT per interval.
/// </summary>
public sealed class Iperf3Probe(TimeProvider time, ICommandRunner runner) : IServiceProbe
{
    private static readonly TimeSpan Allowance = TimeSpan.FromSeconds(30);

    /// <summary>The iperf3 arguments for a run writing its JSON to <paramref name="logPath"/>.</summary>
    public static IReadOnlyList<string> Arguments(ProbeOptions options, string logPath) =>
    [
        "-c", options.Address.ToString(),
        "-p", options.Port.ToString(CultureInfo.InvariantCulture),
        "-t", Math.Max(1, (int)Math.Ceiling(options.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        "-i", ReportInterval(options.Interval).ToString("0.###", CultureInfo.InvariantCulture),
        "--json",
        "--logfile", logPath,
    ];

    /// <summary>iperf3's reporting interval in seconds: the probe interval, at least 0.1 s.</summary>
    public static double ReportInterval(TimeSpan interval) => Math.Max(0.1, interval.TotalSeconds);

    public async Task<ProbeReport> RunAsync(ProbeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ProbeOptionsValidation.Validate(options);
        var logPath = Path.Combine(Path.GetTempPath(), $"mose-probe-iperf3-{Guid.NewGuid():N}.json");
        try
        {
            var outcome = await ExternalTool.RunAsync(runner, time, options.NetnsPath, "iperf3",
                Arguments(options, logPath), logPath, options.Duration + Allowance, cancellationToken)
                .ConfigureAwait(false);
            var json = ExternalTool.ReadIfExists(logPath);
            if (string.IsNullOrWhiteSpace(json) && outcome.Result is { } r)
            {
                json = r.StandardOutput;
            }

            Iperf3Result result;
            try
            {
                result = string.IsNullOrWhiteSpace(json) ? new Iperf3Result([], null) : Iperf3Output.Parse(json);
            }
            catch (JsonException e)
            {
                result = new Iperf3Result([], $"unreadable JSON output ({e.Message})");
            }

            var extra = outcome.Failure;
            if (extra is null && result.Error is null && outcome.Result is { ExitCode: not 0 } failed && !outcome.Cancelled)
            {
                extra = $"iperf3 exited with code {failed.ExitCode}: {failed.StandardError.Trim()}";
            }

            return Iperf3Output.BuildReport("iperf3", result, outcome.FinishedAt, outcome.Cancelled, extra);
        }
        finally
        {
            ExternalTool.TryDelete(logPath);
        }
    }
}
