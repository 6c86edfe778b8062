using System.CommandLine;
using Mose.Cli.Bench;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose bench downtime`: client-observed downtime of repeated migrations, with the phase breakdown.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var service = new Option<string>("--service") { Description = "redis or sockperf", DefaultValueFactory = _ => "redis" };
        service.AcceptOnlyFromAmong("redis", "sockperf", "memcached", "iperf3");
        var runs = new Option<int>("--runs") { Description = "migrations (alternating edge1/edge2)", DefaultValueFactory = _ => 20 };
        var keys = new Option<int>("--keys") { Description = "redis: keys of 200 bytes to load", DefaultValueFactory = _ => 10_000 };
        var csv = new Option<string?>("--csv") { Description = "CSV output path (default artifacts/bench/downtime-<service>.csv)" };
        var downtime = new Command("downtime", "Client-observed downtime over repeated migrations at the lab's 1 Gbit")
            { service, runs, keys, csv };
        downtime.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var kind = result.GetValue(service)!;
            var count = result.GetValue(runs);
            if (count < 1)
            {
                throw new UserException("--runs must be at least 1");
            }

            var placement = await LabSession.FreshServiceAsync(kind, $"b-{kind}",
                "edge1", Progress.Say, token).ConfigureAwait(false);
            await using var state = new StateCheck(placement, result.GetValue(keys), 200);
            if (kind == "redis")
            {
                Progress.Say($"loading {result.GetValue(keys)} keys");
                await state.LoadAsync(token).ConfigureAwait(false);
            }

            var series = new MigrationSeries(placement, "edge1", "edge2", Progress.Say);
            var rows = await series.RunAsync(count, token).ConfigureAwait(false);
            var problems = kind == "redis" ? (await state.VerifyAsync(token).ConfigureAwait(false)).ToList() : [];
            var probe = series.Probe!;
            if (!probe.ConnectionKept || probe.Resets > 0)
            {
                problems.Add($"client connection lost: {probe.Error}");
            }

            var failed = rows.Count(r => !r.Result.Success);
            if (failed > 0 || rows.Count < count)
            {
                problems.Add($"{failed} migrations failed, {rows.Count} of {count} ran");
            }

            var path = result.GetValue(csv) ?? Path.Combine("artifacts", "bench", $"downtime-{kind}.csv");
            SeriesReport.WriteCsv(path, kind, rows);
            AnsiConsole.Write(SeriesReport.Table(rows, $"{kind}: {rows.Count} migrations edge1↔edge2 at 1 Gbit"));
            AnsiConsole.MarkupLine($"probe: {probe.Requests} requests, {probe.Errors} errors, {probe.Resets} resets, " +
                $"connection {(probe.ConnectionKept ? "[green]kept[/]" : "[red]lost[/]")}; CSV: {Markup.Escape(path)}");
            AnsiConsole.MarkupLine("client gaps over " +
                $"{Mose.Probe.GapTracker.ThresholdFor(series.ProbeInterval).TotalMilliseconds:F0} ms: " + string.Join(", ",
                    probe.Gaps.Select(g => $"{g.Start.ToLocalTime():HH:mm:ss.fff} {g.Ms:F0} ms")));
            AnsiConsole.MarkupLine(problems.Count == 0 ? "[green]no failure, no lost key, no reset[/]"
                : $"[red]problems:[/] {Markup.Escape(string.Join("; ", problems))}");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return new Command("bench", "Benchmarks") { downtime };
    }
}
