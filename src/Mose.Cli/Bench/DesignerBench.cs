using Mose.Cli.Client;
using Mose.Cli.Commands;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Services;
using Mose.Probe;
using static Mose.Cli.Bench.DesignerTaskRunner;

namespace Mose.Cli.Bench;

/// <summary>
/// The designer benchmark (issue 4): on the lab, calibrates the hosts' models when asked or when they know
/// too little, then gives every service of <see cref="DesignerService.Sweep"/> the tasks a–f, moving it
/// between the edges while a probe in `ue` keeps one connection busy, and checks its state after each.
/// </summary>
public sealed class DesignerBench(Action<string> say)
{
    /// <summary>With fewer model samples than this on either edge, `--calibrate auto` calibrates.</summary>
    public const int MinSamples = 20;

    /// <summary>Calibration modes.</summary>
    public static readonly IReadOnlyList<string> CalibrateModes = ["auto", "always", "never"];

    /// <summary>Quiet time between tasks, so each starts with a settled client connection.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>Problems met: failed checks, lost connections, failed calibration moves.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Calibrates edge1 (with edge2 as its peer) as <paramref name="mode"/> says; true when it ran.
    /// </summary>
    public async Task<bool> CalibrateAsync(string mode, CancellationToken cancellationToken)
    {
        var model = await LabController.Orchestrator().ModelAsync(new ModelRequest(),
            cancellationToken: cancellationToken);
        var samples = new[] { EdgeA, EdgeB }
            .Select(h => model.Hosts.FirstOrDefault(m => m.Host == h)?.Samples ?? 0).ToList();
        var known = $"the models hold {samples[0]} ({EdgeA}) and {samples[1]} ({EdgeB}) samples";
        if (mode == "never" || (mode == "auto" && samples.Min() >= MinSamples))
        {
            say($"not calibrating: {known}");
            return false;
        }

        say($"calibrating {EdgeA} and {EdgeB} ({known}): dprgen {string.Join(",", Calibration.Sizes)} MB at " +
            $"{string.Join(",", Calibration.Rates)} pages/s, cold and pre-copy, there and back");
        var calibration = new Calibration(EdgeA, EdgeB, say);
        await calibration.RunAsync(Calibration.Sizes, Calibration.Rates, cancellationToken)
            .ConfigureAwait(false);
        Problems.AddRange(calibration.Problems.Select(p => $"calibration: {p}"));
        return true;
    }

    /// <summary>Moves a small dprgen there and back, not counted: the first moves of fresh agents pay for JIT
    /// compilation (a calibration has paid for it already).</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var warm = new DesignerService("dprgen", 32, 500);
        var service = await DeployAsync(warm, "bd-warm-up", cancellationToken).ConfigureAwait(false);
        say("warm-up: dprgen 32 MB moved with pre-copy and back cold, not counted");
        foreach (var (strategy, to) in new[] { ("precopy", EdgeB), ("cold", EdgeA) })
        {
            var result = await MigrateCommand.RunAsync(
                new MigrateRequest { Service = service.Name, Destination = to, Strategy = strategy }, null,
                cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                Problems.Add($"warm-up {strategy} move failed in {result.FailedPhase}: {result.Error}");
                break;
            }
        }

        await LabSession.RemoveIfPresentAsync(service.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the sweep <paramref name="runs"/> times; <paramref name="onRows"/> sees the rows so far
    /// after each service, so a partial run still leaves its CSV.</summary>
    public async Task<IReadOnlyList<DesignerRow>> RunAsync(int runs,
        Action<IReadOnlyList<DesignerRow>> onRows, CancellationToken cancellationToken)
    {
        var rows = new List<DesignerRow>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var service in DesignerService.Sweep)
            {
                say($"run {run}/{runs}: {service.Label}");
                rows.AddRange(await ServiceAsync(run, service, cancellationToken).ConfigureAwait(false));
                onRows(rows);
            }
        }

        return rows;
    }

    /// <summary>Removes every service the benchmark deploys.</summary>
    public static async Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        foreach (var service in DesignerService.Sweep)
        {
            await LabSession.RemoveIfPresentAsync(service.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<DesignerRow>> ServiceAsync(int run, DesignerService spec,
        CancellationToken cancellationToken)
    {
        var placement = await DeployAsync(spec, spec.Name, cancellationToken).ConfigureAwait(false);
        var done = new List<Timed>();
        using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probe = ProbeFactory.Create(spec.Kind, TimeProvider.System).RunAsync(new ProbeOptions(spec.Kind,
            LabServices.Address(placement), placement.Ports[0], TimeSpan.FromHours(1),
            TimeSpan.FromMilliseconds(10), LabServices.ClientNetns), probeStop.Token);
        try
        {
            await using var state = await ServiceStateCheck.OpenAsync(placement, say, cancellationToken)
                .ConfigureAwait(false);

            // sockperf warms up for about two seconds before it logs; dprgen's rate needs a full second.
            await Task.Delay(spec.Kind == "sockperf" ? TimeSpan.FromSeconds(3) : Pause, cancellationToken)
                .ConfigureAwait(false);
            var runner = new DesignerTaskRunner(placement, state, say);
            await TasksAsync(run, spec, runner, done, cancellationToken).ConfigureAwait(false);
            var full = await state.VerifyAsync(everyKey: true, cancellationToken).ConfigureAwait(false);
            Problems.AddRange(full.Select(p => $"{spec.Label}, after every task: {p}"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException
            or Grpc.Core.RpcException { StatusCode: not Grpc.Core.StatusCode.Cancelled })
        {
            // One service's trouble is a finding of the benchmark, not the end of it.
            Problems.Add($"{spec.Label}: stopped after {done.Count} tasks: {e.Message}");
        }
        finally
        {
            await probeStop.CancelAsync().ConfigureAwait(false);
        }

        var report = await probe.ConfigureAwait(false);
        if (!report.ConnectionKept || report.Resets > 0)
        {
            Problems.Add($"{spec.Label}: the client's connection was lost ({report.Error})");
        }

        await LabSession.RemoveIfPresentAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        var gaps = MigrationSeries.Attribute(done.Select((d, i) =>
            (i + 1, d.Row.From, d.Row.HostAfter, d.Start, d.End, d.Row.Result)).ToList(), report.Gaps);
        return [.. done.Select((d, i) => d.Row with { ClientGapMs = gaps[i].ClientGapMs })];
    }

    private async Task TasksAsync(int run, DesignerService spec, DesignerTaskRunner runner, List<Timed> done,
        CancellationToken cancellationToken)
    {
        foreach (var kind in spec.Tasks)
        {
            var start = DateTimeOffset.UtcNow;
            var row = await runner.RunAsync(run, spec.Label, kind, cancellationToken).ConfigureAwait(false);
            done.Add(new Timed(start, DateTimeOffset.UtcNow, row));
            var what = $"{spec.Label}, {DesignerTasks.Label(kind)}";
            Problems.AddRange(row.StateProblems.Select(p => $"{what}: {p}"));
            if (!row.Result.Success && kind != DesignerTaskKind.InfeasibleHard)
            {
                Problems.Add($"{what}: migration failed in {row.Result.FailedPhase}: {row.Result.Error}");
            }

            await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ServicePlacement> DeployAsync(DesignerService spec, string name,
        CancellationToken cancellationToken)
    {
        await LabSession.RemoveIfPresentAsync(name, cancellationToken).ConfigureAwait(false);
        var request = new DeployServiceRequest { Kind = spec.Kind, Name = name, Host = EdgeA };
        if (spec.Kind == "dprgen")
        {
            // A fresh seed per deployment, so no chunk store holds its pages from an earlier run.
            var seed = Random.Shared.NextInt64(1, long.MaxValue);
            request.Args.AddRange(Dprgen.Args(spec.StateMb, spec.Rate, seed));
        }

        say($"deploying {spec.Label} as '{name}' on {EdgeA}");
        return await LabController.Orchestrator().DeployAsync(request, cancellationToken: cancellationToken);
    }

    private sealed record Timed(DateTimeOffset Start, DateTimeOffset End, DesignerRow Row);
}
