using Spectre.Console;

namespace Mose.Cli.Bench;

/// <summary>The designer benchmark's tables for people: every task, then issue 4's targets.</summary>
public static class DesignerTables
{
    /// <summary>One row per task: what the designer chose, predicted against measured.</summary>
    public static Table Tasks(IReadOnlyList<DesignerRow> rows)
    {
        var table = new Table { Title = new TableTitle("designer benchmark: every task") };
        table.AddColumns("run", "service", "task", "plan", "chosen", "pred down/total", "meas down/total",
            "met", "err down/total", "decisions", "rate used", "gap");
        foreach (var r in rows)
        {
            var m = r.Result;
            var p = m.Plan;
            table.AddRow($"{r.Run}", r.Service, DesignerTasks.Label(r.Kind),
                p is null ? "-" : p.Feasible ? "feasible" : "[yellow]infeasible[/]",
                p is null ? "-" : Chosen(p, r.ReservedBps),
                p is null ? "-" : $"{p.Predicted.DowntimeMs:F0} / {p.Predicted.TotalMs:F0} ms",
                m.Success ? $"{m.DowntimeMs:F0} / {m.TotalMs:F0} ms" : $"[yellow]{m.FailedPhase}[/]",
                !m.Success ? "-" : r.Met ? "[green]yes[/]" : "[red]no[/]",
                m.Success ? $"{Pct(r.DowntimeError)} / {Pct(r.TotalError)}" : "-",
                $"{m.Decisions.Count}", m.Success ? Mbit(r.AverageRateBps) : "-", $"{r.ClientGapMs:F0} ms");
        }

        return table;
    }

    /// <summary>Issue 4's three targets, the ratios per service and the model's phases.</summary>
    public static IEnumerable<Table> Summary(DesignerSummary s)
    {
        var targets = new Table { Title = new TableTitle("issue 4 targets") }
            .AddColumns("measure", "value", "target");
        targets.AddRow("feasible targets met", $"{Pct(s.MetRate)} ({s.FeasibleMet} of {s.FeasibleTasks})",
            Judge(s.MetRate >= DesignerSummary.MetTarget, "≥ 95%"));
        targets.AddRow($"median |error| downtime ({s.Errors.Samples} moves, a–d)", Pct(s.Errors.Downtime),
            Judge(s.Errors.Downtime <= DesignerSummary.ErrorTarget, "≤ 15%"));
        targets.AddRow($"median |error| total time ({s.Errors.Samples} moves, a–d)", Pct(s.Errors.Total),
            Judge(s.Errors.Total <= DesignerSummary.ErrorTarget, "≤ 15%"));
        targets.AddRow($"  the same, {s.Unreused.Samples} moves that sent ≥ half the bytes predicted",
            $"{Pct(s.Unreused.Downtime)} / {Pct(s.Unreused.Total)}", "downtime / total");
        targets.AddRow("min-resources / min-downtime bandwidth (median of services)", Pct(s.BandwidthRatio),
            Judge(s.BandwidthRatio <= DesignerSummary.RatioTarget, "≤ 30%"));
        targets.AddRow("min-resources / min-downtime average rate used", Pct(s.RateRatio), "");
        yield return targets;

        var ratios = new Table { Title = new TableTitle("min-resources against min-downtime, per service") }
            .AddColumns("service", "bandwidth", "rate used", "runs");
        foreach (var r in s.Ratios)
        {
            ratios.AddRow(r.Service, Pct(r.Bandwidth), Pct(r.Rate), $"{r.Runs}");
        }

        yield return ratios;

        var phases = new Table { Title = new TableTitle("the model per phase (successful a–d, medians)") }
            .AddColumns("strategy", "phase", "predicted", "measured", "error (pred−meas)/meas", "moves");
        foreach (var p in s.Phases)
        {
            phases.AddRow(p.Strategy, p.Phase, Output.Ms(p.PredictedMs), Output.Ms(p.MeasuredMs),
                $"{p.MedianError:+0%;-0%;0%}", $"{p.Samples}");
        }

        yield return phases;

        var infeasible = new Table { Title = new TableTitle("infeasible targets (50 ms downtime)") }
            .AddColumns("run", "service", "task", "as asked", "what the designer said");
        foreach (var o in s.Infeasible)
        {
            var did = o.Kind == DesignerTaskKind.InfeasibleHard
                ? $"refused {(o.Refused ? "yes" : "NO")}, untouched {(o.Untouched ? "yes" : "NO")}"
                : $"migrated {(o.Migrated ? "yes" : "NO")}";
            infeasible.AddRow($"{o.Run}", o.Service, DesignerTasks.Label(o.Kind),
                $"{(o.AsExpected ? "[green]yes[/]" : "[red]no[/]")}: said infeasible " +
                $"{(o.SaidInfeasible ? "yes" : "NO")}, {did}", Markup.Escape(o.Said));
        }

        yield return infeasible;
    }

    private static string Chosen(Contracts.Orchestrator.Candidate p, long reservedBps) =>
        $"{p.Config.Strategy}{(p.Config.Rounds > 0 ? $" x{p.Config.Rounds}" : "")} @ " +
        (p.Config.BandwidthBps > 0 ? "" : "link ") + Mbit(reservedBps);

    private static string Judge(bool ok, string target) =>
        ok ? $"[green]{target} met[/]" : $"[red]{target} missed[/]";

    private static string Pct(double share) => double.IsFinite(share) ? $"{share:P0}" : "-";

    private static string Mbit(double bps) => $"{bps / 1e6:F0} Mbit/s";
}
