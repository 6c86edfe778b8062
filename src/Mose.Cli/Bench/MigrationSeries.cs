using Mose.Cli.Client;
using Mose.Cli.Commands;
using Mose.Contracts.Orchestrator;
using Mose.Probe;

namespace Mose.Cli.Bench;

/// <summary>
/// Runs migrations of one service back and forth between two hosts while a probe in `ue` keeps one
/// connection busy, and attributes the probe's gaps to the migrations they fall in.
/// </summary>
public sealed class MigrationSeries(ServicePlacement service, string hostA, string hostB, Action<string> say)
{
    /// <summary>Quiet time between migrations, so each one starts with a settled connection (the client's
    /// retransmission timer backs off after losses and needs a few round trips to come down).</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Migrate without Mose's downtime techniques (see MigrateRequest.baseline).</summary>
    public bool Baseline { get; init; }

    /// <summary>Time between probe requests.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Where the service runs after the series.</summary>
    public string Host { get; private set; } = service.Host;

    /// <summary>The probe's report after the series.</summary>
    public ProbeReport? Probe { get; private set; }

    /// <summary>Runs <paramref name="runs"/> migrations, starting from wherever the service is.</summary>
    public async Task<IReadOnlyList<SeriesRow>> RunAsync(int runs, CancellationToken cancellationToken)
    {
        var from = service.Host;
        using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new ProbeOptions(service.Kind, LabServices.Address(service), service.Ports[0],
            TimeSpan.FromHours(1), ProbeInterval, LabServices.ClientNetns);
        var probeTask = ProbeFactory.Create(service.Kind, TimeProvider.System).RunAsync(options, probeStop.Token);

        // sockperf spends about two seconds warming up before it logs; give every probe a settled start.
        await Task.Delay(service.Kind == "sockperf" ? TimeSpan.FromSeconds(3) : Pause, cancellationToken)
            .ConfigureAwait(false);
        var rows = new List<(int Run, string From, string To, DateTimeOffset Start, DateTimeOffset End, MigrationResult R)>();
        for (var run = 1; run <= runs && !probeTask.IsCompleted; run++)
        {
            var to = from == hostA ? hostB : hostA;
            var start = DateTimeOffset.UtcNow;
            var result = await MigrateCommand.RunAsync(new MigrateRequest { Service = service.Name, Destination = to, Baseline = Baseline },
                null, cancellationToken).ConfigureAwait(false);
            var end = DateTimeOffset.UtcNow;
            rows.Add((run, from, to, start, end, result));
            say($"run {run}/{runs} {from} -> {to}: " + (result.Success
                ? $"downtime {result.DowntimeMs:F0} ms (hosts), total {result.TotalMs:F0} ms"
                : $"FAILED in {result.FailedPhase}: {result.Error}"));
            if (!result.Success)
            {
                break;
            }

            from = to;
            await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
        }

        await probeStop.CancelAsync().ConfigureAwait(false);
        Probe = await probeTask.ConfigureAwait(false);
        Host = from;
        return Attribute(rows.Select(r => (r.Run, r.From, r.To, r.Start, r.End, r.R)).ToList(), Probe.Gaps);
    }

    /// <summary>
    /// Gives each run the longest gap that began during it. A gap is counted once, for the run it began in:
    /// a gap that outlasts its migration must not also count for the next one. The window opens a little
    /// early because tools like sockperf place their gaps only to about 0.1 s.
    /// </summary>
    public static IReadOnlyList<SeriesRow> Attribute(
        IReadOnlyList<(int Run, string From, string To, DateTimeOffset Start, DateTimeOffset End, MigrationResult R)> runs,
        IReadOnlyList<ProbeGap> gaps)
    {
        var early = TimeSpan.FromMilliseconds(300);
        return runs.Select((r, i) =>
        {
            var next = i + 1 < runs.Count ? runs[i + 1].Start - early : DateTimeOffset.MaxValue;
            var mine = gaps.Where(g => g.Start >= r.Start - early && g.Start < next && g.Start <= r.End);
            return new SeriesRow(r.Run, r.From, r.To, r.Start, r.End, r.R, mine.Select(g => g.Ms).DefaultIfEmpty(0).Max());
        }).ToList();
    }
}
