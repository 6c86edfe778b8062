using System.CommandLine;
using System.Diagnostics;
using Mose.Cli.Bench;
using Mose.Cli.Lab;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose bench designer`: measures the designer against issue 4's targets on the lab, in one run.
/// </summary>
public static class BenchDesignerCommand
{
    public static Command Create()
    {
        var calibrate = new Option<string>("--calibrate")
        {
            Description = $"calibrate edge1/edge2 first: auto (when either model holds fewer than " +
                $"{DesignerBench.MinSamples} samples), always or never",
            DefaultValueFactory = _ => "auto",
        };
        calibrate.AcceptOnlyFromAmong([.. DesignerBench.CalibrateModes]);
        var csv = new Option<string>("--csv")
        {
            Description = "CSV path, one line per task; the summary goes beside it as <name>-summary.csv",
            DefaultValueFactory = _ => "artifacts/bench/designer.csv",
        };
        var runs = new Option<int>("--runs")
            { Description = "times the whole sweep runs (1 to 20)", DefaultValueFactory = _ => 1 };
        var command = new Command("designer",
            "The designer against issue 4's targets: tasks with targets on dprgen, redis and sockperf, " +
            "predicted against measured (about 3.5 minutes a run, 1.5 more when it calibrates)")
            { calibrate, csv, runs };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var count = result.GetValue(runs);
            var path = result.GetValue(csv)!;
            if (count is < 1 or > 20)
            {
                throw new UserException("--runs must be 1 to 20");
            }

            if (path.Length == 0 || Directory.Exists(path))
            {
                throw new UserException($"--csv '{path}' must name a file");
            }

            var clock = Stopwatch.StartNew();
            await new LabController(Progress.Say).UpAsync(null, token).ConfigureAwait(false);
            var bench = new DesignerBench(Progress.Say);
            if (!await bench.CalibrateAsync(result.GetValue(calibrate)!, token).ConfigureAwait(false))
            {
                await bench.WarmUpAsync(token).ConfigureAwait(false);
            }

            var rows = await bench.RunAsync(count, soFar => DesignerCsv.WriteRows(path, soFar), token)
                .ConfigureAwait(false);
            await DesignerBench.RemoveAllAsync(token).ConfigureAwait(false);

            var summary = DesignerSummary.Of(rows);
            DesignerCsv.WriteRows(path, rows);
            DesignerCsv.WriteSummary(DesignerCsv.SummaryPath(path), summary);
            AnsiConsole.Write(DesignerTables.Tasks(rows));
            foreach (var table in DesignerTables.Summary(summary))
            {
                AnsiConsole.Write(table);
            }

            AnsiConsole.MarkupLine($"{rows.Count} tasks in {clock.Elapsed:mm\\:ss}; " +
                $"CSV: {Markup.Escape(path)}, summary: {Markup.Escape(DesignerCsv.SummaryPath(path))}");
            AnsiConsole.MarkupLine(bench.Problems.Count == 0
                ? "[green]no failure, state intact, no connection lost[/]"
                : $"[red]problems:[/] {Markup.Escape(string.Join("; ", bench.Problems))}");
            return bench.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
