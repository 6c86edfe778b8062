using Grpc.Core;
using Mose.Cli.Client;
using Mose.Cli.Commands;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Core.Services;
using Mose.Probe;

namespace Mose.Cli.Bench;

/// <summary>
/// Cold against pre-copy on dprgen, cell by cell (state size × dirty rate × bandwidth). Each run deploys a
/// fresh dprgen with its own seed, so no chunk store holds its pages, moves it cold edge1→edge2 and back
/// with pre-copy edge2→edge1, with a PING probe from the client and dprgen's write counter sampled, then
/// checks every page of its state and removes it.
/// </summary>
public sealed class PreCopyBench(Action<string> say)
{
    /// <summary>Service name the benchmark deploys (an older one of that name is replaced).</summary>
    public const string ServiceName = "b-dprgen";

    /// <summary>Problems met (failed moves, state that did not check, lost connections).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Runs <paramref name="runs"/> runs of one cell and returns two rows per run.</summary>
    public async Task<IReadOnlyList<PreCopyRow>> RunCellAsync(int stateMb, int rate, long bandwidthBps, int runs,
        CancellationToken cancellationToken)
    {
        var rows = new List<PreCopyRow>();
        for (var run = 1; run <= runs; run++)
        {
            var placement = await DeployAsync(stateMb, rate, cancellationToken).ConfigureAwait(false);
            await using var client = await DprgenClient.ConnectAsync(placement, cancellationToken).ConfigureAwait(false);
            await using var samplerClient = await DprgenClient.ConnectAsync(placement, cancellationToken)
                .ConfigureAwait(false);
            await using var sampler = new WriteSampler(samplerClient, TimeSpan.FromMilliseconds(20));
            using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var probe = new DprgenProbe(TimeProvider.System).RunAsync(new ProbeOptions("dprgen",
                LabServices.Address(placement), placement.Ports[0], TimeSpan.FromHours(1),
                TimeSpan.FromMilliseconds(10), LabServices.ClientNetns), probeStop.Token);

            // dprgen's rate counter needs a full second; the probe a settled connection.
            await Task.Delay(TimeSpan.FromSeconds(1.2), cancellationToken).ConfigureAwait(false);
            var moves = new List<(DateTimeOffset Start, DateTimeOffset End, MigrationResult Result, long Writes)>();
            foreach (var (strategy, to) in new[] { (MigrationStrategies.Cold, "edge2"), (MigrationStrategies.PreCopy, "edge1") })
            {
                var marks = new List<(DateTimeOffset At, string Line)>();
                var start = DateTimeOffset.UtcNow;
                var result = await MigrateCommand.RunAsync(new MigrateRequest
                {
                    Service = ServiceName, Destination = to, BandwidthBps = bandwidthBps, Strategy = strategy,
                }, line => marks.Add((DateTimeOffset.UtcNow, line)), cancellationToken).ConfigureAwait(false);
                moves.Add((start, DateTimeOffset.UtcNow, result, WritesSinceLastRound(marks, sampler)));
                say($"{stateMb} MB, {rate} pages/s, {bandwidthBps / 1e6:F0} Mbit/s, run {run}/{runs}, {strategy}: " +
                    (result.Success ? $"downtime {result.DowntimeMs:F0} ms, total {result.TotalMs:F0} ms, " +
                        $"{Output.Bytes(result.BytesSent)} sent, {Output.Bytes(result.FreezeBytes)} while frozen"
                        : $"FAILED in {result.FailedPhase}: {result.Error}"));
                if (!result.Success)
                {
                    Problems.Add($"{stateMb} MB/{rate}/{strategy}: {result.Error}");
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(0.5), cancellationToken).ConfigureAwait(false);
            }

            await probeStop.CancelAsync().ConfigureAwait(false);
            var report = await probe.ConfigureAwait(false);
            await CheckAsync(client, report, $"{stateMb} MB/{rate}/run {run}", cancellationToken).ConfigureAwait(false);
            var attributed = MigrationSeries.Attribute(
                moves.Select((m, i) => (i + 1, "", "", m.Start, m.End, m.Result)).ToList(), report.Gaps);
            rows.AddRange(moves.Select((m, i) => new PreCopyRow(stateMb, rate, bandwidthBps, run, m.Result,
                attributed[i].ClientGapMs, m.Writes)));
        }

        return rows;
    }

    /// <summary>Removes the benchmark's service if it is there.</summary>
    public static Task RemoveAsync(CancellationToken cancellationToken) =>
        LabSession.RemoveIfPresentAsync(ServiceName, cancellationToken);

    /// <summary>Deploys a fresh dprgen on edge1 (a previous one of the benchmark's name goes first).</summary>
    public static async Task<ServicePlacement> DeployAsync(int stateMb, int rate, CancellationToken cancellationToken)
    {
        await RemoveAsync(cancellationToken).ConfigureAwait(false);
        var request = new DeployServiceRequest { Kind = "dprgen", Name = ServiceName, Host = "edge1" };
        request.Args.AddRange(Dprgen.Args(stateMb, rate, seed: Random.Shared.NextInt64(1, long.MaxValue)));
        return await LabController.Orchestrator().DeployAsync(request, cancellationToken: cancellationToken);
    }

    // Writes from the start of the last round (the end of the one before, or of the prepare phase) to the
    // freeze, read off the progress lines' arrival times.
    private static long WritesSinceLastRound(List<(DateTimeOffset At, string Line)> marks, WriteSampler sampler)
    {
        var freeze = marks.FirstOrDefault(m => m.Line.StartsWith("checkpoint:", StringComparison.Ordinal));
        var rounds = marks.Where(m => m.Line.StartsWith("precopy: round ", StringComparison.Ordinal)).ToList();
        if (freeze.Line is null || rounds.Count == 0)
        {
            return 0;
        }

        var lastStart = rounds.Count >= 2 ? rounds[^2].At
            : marks.First(m => m.Line.StartsWith("precopy:", StringComparison.Ordinal)).At;
        return sampler.WritesAfter(freeze.At) - sampler.WritesAt(lastStart);
    }

    private async Task CheckAsync(DprgenClient client, ProbeReport probe, string what,
        CancellationToken cancellationToken)
    {
        if (!probe.ConnectionKept || probe.Resets > 0)
        {
            Problems.Add($"{what}: client connection lost ({probe.Error})");
        }

        var check = await client.CheckAsync(cancellationToken).ConfigureAwait(false);
        if (!check.Ok)
        {
            Problems.Add($"{what}: state check failed after the moves: {check.Detail}");
        }
    }
}
