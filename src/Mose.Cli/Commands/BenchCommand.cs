using System.CommandLine;
using Mose.Cli.Bench;
using Mose.Contracts.Orchestrator;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose bench downtime`: client-observed downtime of repeated migrations, with the phase breakdown.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var service = new Option<string>("--service")
            { Description = "redis, sockperf, memcached or iperf3", DefaultValueFactory = _ => "redis" };
        service.AcceptOnlyFromAmong("redis", "sockperf", "memcached", "iperf3");
        var runs = new Option<int>("--runs") { Description = "migrations (alternating edge1/edge2)", DefaultValueFactory = _ => 20 };
        var keys = new Option<int>("--keys") { Description = "redis: keys of 200 bytes to load", DefaultValueFactory = _ => 10_000 };
        var csv = new Option<string?>("--csv") { Description = "CSV output path (default artifacts/bench/downtime-<service>.csv)" };
        var baseline = new Option<bool>("--baseline")
            { Description = "first run the same series without Mose's downtime techniques, and compare" };
        var downtime = new Command("downtime", "Client-observed downtime over repeated migrations at the lab's 1 Gbit")
            { service, runs, keys, csv, baseline };
        downtime.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var kind = result.GetValue(service)!;
            var count = result.GetValue(runs);
            if (count < 1 || result.GetValue(keys) < 1)
            {
                throw new UserException("--runs and --keys must be at least 1");
            }

            var placement = await LabSession.FreshServiceAsync(kind, $"b-{kind}",
                "edge1", Progress.Say, token).ConfigureAwait(false);
            await using var state = new StateCheck(placement, result.GetValue(keys), 200);
            if (kind == "redis")
            {
                Progress.Say($"loading {result.GetValue(keys)} keys");
                await state.LoadAsync(token).ConfigureAwait(false);
            }

            // The first moves of a fresh lab pay for JIT compilation in the agents; keep them out of the numbers.
            Progress.Say("warm-up: 2 migrations, not counted");
            foreach (var to in new[] { "edge2", "edge1" })
            {
                var warm = await MigrateCommand.RunAsync(new MigrateRequest { Service = placement.Name, Destination = to },
                    null, token).ConfigureAwait(false);
                if (!warm.Success)
                {
                    throw new UserException($"warm-up migration failed in {warm.FailedPhase}: {warm.Error}",
                        ExitCodes.Failed);
                }
            }

            var problems = new List<string>();
            var medians = new Dictionary<string, double>();
            var host = placement.Host;
            var modes = result.GetValue(baseline) ? new[] { true, false } : [false];
            foreach (var isBaseline in modes)
            {
                var name = isBaseline ? "baseline" : "mose";
                Progress.Say($"series '{name}': {count} migrations");
                var current = placement.Clone();
                current.Host = host;
                var series = new MigrationSeries(current, "edge1", "edge2", Progress.Say)
                    { Baseline = isBaseline };
                var rows = await series.RunAsync(count, token).ConfigureAwait(false);
                host = series.Host;
                problems.AddRange(Check(series, rows, count).Select(p => $"{name}: {p}"));
                var path = result.GetValue(csv) is { } given
                    ? (isBaseline ? Path.ChangeExtension(given, null) + "-baseline.csv" : given)
                    : Path.Combine("artifacts", "bench", $"downtime-{kind}{(isBaseline ? "-baseline" : "")}.csv");
                SeriesReport.WriteCsv(path, kind, rows);
                Report(series, rows, $"{kind} ({name}): {rows.Count} migrations edge1↔edge2 at 1 Gbit", path);
                medians[name] = Stats.Median(rows.Select(r => r.ClientGapMs));
            }

            if (kind == "redis")
            {
                problems.AddRange(await state.VerifyAsync(token).ConfigureAwait(false));
            }

            if (medians.TryGetValue("baseline", out var before))
            {
                AnsiConsole.MarkupLine($"client gap, median: baseline {before:F0} ms, Mose {medians["mose"]:F0} ms " +
                    $"(Mose/baseline = {medians["mose"] / Math.Max(before, 1):F2})");
            }

            AnsiConsole.MarkupLine(problems.Count == 0 ? "[green]no failure, no lost key, no reset[/]"
                : $"[red]problems:[/] {Markup.Escape(string.Join("; ", problems))}");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return new Command("bench", "Benchmarks") { downtime, BenchPreCopyCommand.Create(), BenchDesignerCommand.Create() };
    }

    private static IEnumerable<string> Check(MigrationSeries series, IReadOnlyList<SeriesRow> rows, int count)
    {
        var probe = series.Probe!;
        if (!probe.ConnectionKept || probe.Resets > 0)
        {
            yield return $"client connection lost: {probe.Error}";
        }

        var failed = rows.Count(r => !r.Result.Success);
        if (failed > 0 || rows.Count < count)
        {
            yield return $"{failed} migrations failed, {rows.Count} of {count} ran";
        }
    }

    private static void Report(MigrationSeries series, IReadOnlyList<SeriesRow> rows, string title, string path)
    {
        var probe = series.Probe!;
        AnsiConsole.Write(SeriesReport.Table(rows, title));
        AnsiConsole.MarkupLine($"probe: {probe.Requests} requests, {probe.Errors} errors, {probe.Resets} resets, " +
            $"connection {(probe.ConnectionKept ? "[green]kept[/]" : "[red]lost[/]")}; CSV: {Markup.Escape(path)}");
        AnsiConsole.MarkupLine("client gaps over " +
            $"{Mose.Probe.GapTracker.ThresholdFor(series.ProbeInterval).TotalMilliseconds:F0} ms: " + string.Join(", ",
                probe.Gaps.Select(g => $"{g.Start.ToLocalTime():HH:mm:ss.fff} {g.Ms:F0} ms")));
    }
}
