using System.CommandLine;
using System.Globalization;
using Mose.Cli.Bench;
using Mose.Cli.Lab;
using Mose.Core.Services;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose bench precopy`: cold against pre-copy on dprgen over a matrix, plus the targets' side checks.</summary>
public static class BenchPreCopyCommand
{
    // The issue's headline cell: 256 MB dirtied at 2000 pages/s over 1 Gbit.
    private const int TargetMb = 256, TargetRate = 2000;
    private const long TargetBps = 1_000_000_000;

    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "dprgen state sizes in MB", DefaultValueFactory = _ => "64,256,1024" };
        var rates = new Option<string>("--rates") { Description = "pages rewritten per second", DefaultValueFactory = _ => "0,500,5000" };
        var links = new Option<string>("--bandwidths") { Description = "caps on the state stream", DefaultValueFactory = _ => "1gbit,200mbit" };
        var runs = new Option<int>("--runs") { Description = "runs per cell (each: cold, then pre-copy)", DefaultValueFactory = _ => 5 };
        var csv = new Option<string>("--csv") { Description = "CSV path", DefaultValueFactory = _ => "artifacts/bench/precopy.csv" };
        var plot = new Option<string>("--plot") { Description = "PNG path", DefaultValueFactory = _ => "artifacts/bench/precopy.png" };
        var noExtras = new Option<bool>("--no-extras")
            { Description = "skip the target cell (256 MB, 2000 pages/s, 1 Gbit), the return trip and the reading cost" };
        var command = new Command("precopy",
            "Cold vs pre-copy on dprgen: downtime, total time, bytes per round, bytes while frozen")
            { sizes, rates, links, runs, csv, plot, noExtras };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var sizeList = Parse<int>(result.GetValue(sizes)!, "--sizes",
                s => int.TryParse(s, out var v) && v is >= 1 and <= Dprgen.MaxStateMiB ? v : null);
            var rateList = Parse<int>(result.GetValue(rates)!, "--rates",
                s => int.TryParse(s, out var v) && v is >= 0 and <= Dprgen.MaxRate ? v : null);
            var linkList = Parse<long>(result.GetValue(links)!, "--bandwidths",
                s => Durations.ParseRate(s) is { } v and >= 1_000_000 ? v : null);
            var count = result.GetValue(runs);
            if (count is < 1 or > 100)
            {
                throw new UserException("--runs must be 1 to 100");
            }

            await new LabController(Progress.Say).UpAsync(null, token).ConfigureAwait(false);
            var bench = new PreCopyBench(Progress.Say);
            var rows = new List<PreCopyRow>();
            var cells = (from s in sizeList from r in rateList from l in linkList select (s, r, l)).ToList();
            if (!result.GetValue(noExtras) && !cells.Contains((TargetMb, TargetRate, TargetBps)))
            {
                cells.Add((TargetMb, TargetRate, TargetBps));
            }

            foreach (var (size, rate, link) in cells)
            {
                rows.AddRange(await bench.RunCellAsync(size, rate, link, count, token).ConfigureAwait(false));
                PreCopyReport.WriteCsv(result.GetValue(csv)!, rows);
            }

            AnsiConsole.Write(PreCopyReport.Summary(rows));
            await PreCopyReport.PlotAsync(result.GetValue(plot)!, rows, token).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"CSV: {Markup.Escape(result.GetValue(csv)!)}, plot: {Markup.Escape(result.GetValue(plot)!)}");
            if (!result.GetValue(noExtras))
            {
                await ExtrasAsync(rows, bench.Problems, token).ConfigureAwait(false);
            }

            await PreCopyBench.RemoveAsync(token).ConfigureAwait(false);
            AnsiConsole.MarkupLine(bench.Problems.Count == 0 ? "[green]no failure, state intact, no connection lost[/]"
                : $"[red]problems:[/] {Markup.Escape(string.Join("; ", bench.Problems))}");
            return bench.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static async Task ExtrasAsync(List<PreCopyRow> rows, List<string> problems, CancellationToken token)
    {
        var target = rows.Where(r => r.Cell == (TargetMb, TargetRate, TargetBps) && r.Result.Success).ToList();
        var cold = Stats.Median(target.Where(r => r.Strategy == "cold").Select(r => r.Result.DowntimeMs));
        var pre = target.Where(r => r.Strategy == "precopy").ToList();
        var down = Stats.Median(pre.Select(r => r.Result.DowntimeMs));
        Say($"target cell {TargetMb} MB, {TargetRate} pages/s, 1 Gbit: pre-copy downtime {down:F0} ms = " +
            $"{down / Math.Max(cold, 1):P0} of cold's {cold:F0} ms (target ≤ 40%)");
        var byDump = Stats.Median(pre.Select(r => r.FreezeOverDirtied).Where(double.IsFinite));
        var byWrites = Stats.Median(pre.Where(r => r.WritesSinceLastRound > 0)
            .Select(r => r.Result.FreezeRawBytes / (r.WritesSinceLastRound * 4096.0)));
        Say($"bytes while frozen / pages dirtied since the last round: {byDump:F2} by the dump's count, " +
            $"{byWrites:F2} by dprgen's writes (target ≤ 1.5)");

        var trip = await PreCopyExtras.ReturnTripAsync(TargetMb, TargetBps, Progress.Say, token).ConfigureAwait(false);
        Say($"return trip of an idle {trip.StateMb} MB service: {Output.Bytes(trip.ReturnBytes)} vs " +
            $"{Output.Bytes(trip.FirstBytes)} = {trip.Ratio:P2} (target ≤ 5%), state {(trip.StateKept ? "kept" : "CHANGED")}");
        if (!trip.StateKept)
        {
            problems.Add("return trip: dprgen's checksum changed");
        }

        var impact = await PreCopyExtras.ReadingImpactAsync(TargetMb, TargetRate, Progress.Say, token).ConfigureAwait(false);
        Say($"live reading: dprgen wrote {impact.ReadRate:F0} pages/s while read vs {impact.IdleRate:F0} alone = " +
            $"{impact.Ratio:P1} (target ≥ 90%)");
    }

    private static void Say(string line) => AnsiConsole.MarkupLine($"[bold]{Markup.Escape(line)}[/]");

    internal static List<T> Parse<T>(string text, string option, Func<string, T?> parse) where T : struct
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = items.Select(parse).ToList();
        var bad = items.Where((_, i) => values[i] is null).ToList();
        return items.Length > 0 && bad.Count == 0
            ? [.. values.Select(v => v!.Value)]
            : throw new UserException($"{option}: '{string.Join(", ", bad.DefaultIfEmpty(text))}' " +
                string.Create(CultureInfo.InvariantCulture, $"is not a valid comma-separated list"));
    }
}
