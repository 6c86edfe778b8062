using System.CommandLine;
using Mose.Cli.Bench;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose demo`: the newcomer's tour. Lab up, redis with data and a live client, edge1→edge2→edge1.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Build the lab, migrate redis edge1→edge2→edge1 with a live client, show KPIs");
        command.SetAction((_, token) => Guarded.RunAsync(async () =>
        {
            var service = await LabSession.FreshServiceAsync("redis", "demo", "edge1", Progress.Say, token)
                .ConfigureAwait(false);
            await using var state = new StateCheck(service, keys: 10_000, valueBytes: 200);
            Progress.Say("writing 10000 keys from ue over one connection (it stays open throughout)");
            await state.LoadAsync(token).ConfigureAwait(false);

            Progress.Say("probing from ue (PING every 10 ms) while migrating edge1 → edge2 → edge1");
            var series = new MigrationSeries(service, "edge1", "edge2", Progress.Say);
            var rows = await series.RunAsync(2, token).ConfigureAwait(false);
            var problems = (await state.VerifyAsync(token).ConfigureAwait(false)).ToList();
            var probe = series.Probe!;
            if (!probe.ConnectionKept || probe.Resets > 0)
            {
                problems.Add($"the probe's connection was lost ({probe.Error})");
            }

            if (rows.Count < 2 || rows.Any(r => !r.Result.Success))
            {
                problems.Add("a migration failed");
            }

            AnsiConsole.Write(SeriesReport.Table(rows, "redis 'demo' migrated with a live client"));
            AnsiConsole.MarkupLine($"probe: {probe.Requests} requests, {probe.Errors} errors, {probe.Resets} resets, " +
                $"p50 {probe.P50Ms:F2} ms, longest gap {probe.LongestGapMs:F0} ms, connection " +
                (probe.ConnectionKept ? "[green]kept[/]" : "[red]lost[/]"));
            AnsiConsole.MarkupLine(problems.Count == 0
                ? "state: [green]all 10000 keys intact, same client connection before and after[/]"
                : $"[red]problems:[/] {Markup.Escape(string.Join("; ", problems))}");
            // In a lab of its own name the commands must name it too, or they would act on the default lab.
            var mose = Environment.GetEnvironmentVariable("MOSE_LAB") is { Length: > 0 }
                ? $"MOSE_LAB={Core.MosePaths.LabName} ./mose" : "./mose";
            (string Command, string What)[] next =
            [
                ("status", "hosts, services, where each runs"),
                ("migrate demo --to edge3", "move it yourself (add --json for machines)"),
                ("probe demo --duration 5s", "what a user in ue sees"),
                ("bench downtime --runs 20", "client-observed downtime over 20 moves"),
                ("doctor", "what this host can do (CRIU features)"),
                ("lab down", "remove every trace"),
            ];
            var width = next.Max(n => n.Command.Length) + mose.Length + 3;
            AnsiConsole.MarkupLine("\n[bold]Where to look next[/]");
            foreach (var (line, what) in next)
            {
                AnsiConsole.WriteLine($"  {$"{mose} {line}".PadRight(width)}{what}");
            }

            AnsiConsole.WriteLine($"  logs: {Lab.LabPaths.Logs}");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
