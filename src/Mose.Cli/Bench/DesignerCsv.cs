using System.Globalization;
using System.Text;

namespace Mose.Cli.Bench;

/// <summary>The designer benchmark's CSV files: one line per task, and the summary beside it.</summary>
public static class DesignerCsv
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string Header = string.Join(',', [
        "run,service,task,from,to,max_downtime_ms,max_total_ms,hard,objective,downtime_weight",
        "plan_feasible,strategy,planned_rounds,bandwidth_bps,link_bps,reserved_bps",
        "pred_downtime_ms,pred_total_ms,pred_bytes,success,failed_phase,exit_code",
        "downtime_ms,total_ms,bytes_sent,raw_bytes,state_reused,met,downtime_err,total_err",
        "rounds_run,decisions,final_decision,avg_rate_bps,client_gap_ms,state_ok,host_after",
        .. PhaseForecast.Phases.Select(p => $"pred_{p}_ms"),
        .. PhaseForecast.Phases.Select(p => $"meas_{p}_ms"),
        "why,error"]);

    /// <summary>Where the summary goes: "designer.csv" gives "designer-summary.csv".</summary>
    public static string SummaryPath(string path) => Path.Combine(Path.GetDirectoryName(path) ?? "",
        Path.GetFileNameWithoutExtension(path) + "-summary.csv");

    /// <summary>Writes one line per task.</summary>
    public static void WriteRows(string path, IEnumerable<DesignerRow> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            csv.Append(string.Join(',', Fields(r))).Append('\n');
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>Writes the summary: the targets, the ratios per service, the phases, the infeasible tasks.
    /// </summary>
    public static void WriteSummary(string path, DesignerSummary s)
    {
        var csv = new StringBuilder("metric,value,target,note\n");
        void Line(string metric, double value, string target, string note) =>
            csv.Append(Inv, $"{metric},{F(value, "F3")},{target},{Quote(note)}\n");
        var moves = $"{s.Errors.Samples} migrations of tasks a-d";
        var unreused = $"{s.Unreused.Samples} migrations that sent at least half the predicted bytes";
        var met = $"{s.FeasibleMet} of {s.FeasibleTasks} feasible tasks";
        Line("feasible_targets_met", s.MetRate, ">=0.95", met);
        Line("median_downtime_error", s.Errors.Downtime, "<=0.15", moves);
        Line("median_total_error", s.Errors.Total, "<=0.15", moves);
        Line("median_downtime_error_unreused", s.Unreused.Downtime, "", unreused);
        Line("median_total_error_unreused", s.Unreused.Total, "", unreused);
        Line("bandwidth_ratio_median", s.BandwidthRatio, "<=0.30", "min-resources / min-downtime, reserved");
        Line("rate_ratio_median", s.RateRatio, "", "min-resources / min-downtime, average rate used");
        foreach (var r in s.Ratios)
        {
            Line($"bandwidth_ratio:{r.Service}", r.Bandwidth, "",
                $"rate ratio {F(r.Rate, "F3")}, {r.Runs} runs");
        }

        foreach (var p in s.Phases)
        {
            Line($"phase_error:{p.Strategy}:{p.Phase}", p.MedianError, "",
                $"predicted {F(p.PredictedMs)} ms, measured {F(p.MeasuredMs)} ms, {p.Samples} migrations");
        }

        foreach (var o in s.Infeasible)
        {
            Line($"infeasible:{o.Run}:{o.Service}:{DesignerTasks.Label(o.Kind)}", o.AsExpected ? 1 : 0, "1",
                $"said infeasible {B(o.SaidInfeasible)}, migrated {B(o.Migrated)}, refused {B(o.Refused)}, " +
                $"untouched {B(o.Untouched)}: {o.Said}");
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static IEnumerable<string> Fields(DesignerRow r)
    {
        var m = r.Result;
        var plan = m.Plan;
        var t = r.Task.Targets;
        var measured = PhaseForecast.Measured(m);
        return
        [
            I(r.Run), Quote(r.Service), DesignerTasks.Label(r.Kind), r.From, r.Task.Destination,
            F(t.MaxDowntimeMs), F(t.MaxTotalMs), B(t.Hard), r.Task.Objective.Kind,
            F(r.Task.Objective.DowntimeWeight),
            B(r.PlanFeasible), plan?.Config.Strategy ?? "", I(plan?.Config.Rounds ?? 0),
            I(plan?.Config.BandwidthBps ?? 0), I(m.LinkBps), I(r.ReservedBps),
            F(plan?.Predicted.DowntimeMs ?? 0), F(plan?.Predicted.TotalMs ?? 0),
            I(plan?.Predicted.Bytes ?? 0),
            B(m.Success), m.FailedPhase, I(r.ExitCode),
            F(m.DowntimeMs), F(m.TotalMs), I(m.BytesSent), I(m.RawBytes), B(r.Reused), B(r.Met),
            F(r.DowntimeError, "F3"), F(r.TotalError, "F3"),
            I(m.Rounds.Count), I(m.Decisions.Count), Quote(r.FinalDecision), F(r.AverageRateBps, "F0"),
            F(r.ClientGapMs), B(r.StateProblems.Count == 0), r.HostAfter,
            .. PhaseForecast.Phases.Select(p => F(r.PredictedPhases.GetValueOrDefault(p, double.NaN))),
            .. PhaseForecast.Phases.Select(p => F(measured[p])),
            Quote(plan?.Why ?? ""), Quote(string.Join("; ", [m.Error, .. r.StateProblems]).Trim(' ', ';')),
        ];
    }

    private static string I(long value) => value.ToString(Inv);

    private static string F(double value, string format = "F1") =>
        double.IsFinite(value) ? value.ToString(format, Inv) : "";

    private static string B(bool value) => value ? "1" : "0";

    private static string Quote(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
