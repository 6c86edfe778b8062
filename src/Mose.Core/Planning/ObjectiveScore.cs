namespace Mose.Core.Planning;

/// <summary>
/// Scores predictions by the objective, lower is better. Resources are the bandwidth a configuration
/// reserves (its cap, or the whole link) with CPU as the tie-breaker; downtime is normalised by the best
/// downtime on offer so a weighted mix compares like with like.
/// </summary>
internal sealed class ObjectiveScore(PlanObjective objective, IReadOnlyList<KpiPrediction> all, long linkBps)
{
    private readonly double _bestDowntime = Math.Max(1, all.Min(p => p.DowntimeMs));
    private readonly double _maxCpu = Math.Max(0.001, all.Max(p => p.CpuSeconds));
    private readonly double _link = MigrationModel.EffectiveBps(0, linkBps);

    public double Score(KpiPrediction p) => objective.Kind switch
    {
        PlanObjective.MinResources => Resources(p),
        PlanObjective.Weighted => objective.DowntimeWeight * p.DowntimeMs / _bestDowntime
            + (1 - objective.DowntimeWeight) * Resources(p),
        _ => p.DowntimeMs / _bestDowntime + 1e-6 * p.TotalMs,
    };

    public string WhyChosen(PlanCandidate c, int feasible, double margin)
    {
        var p = c.Predicted;
        if (feasible == 0)
        {
            return $"no configuration meets every target; this one comes closest ({string.Join("; ", c.Misses)})";
        }

        var among = $"among {feasible} configuration{(feasible == 1 ? "" : "s")} meeting the targets with a " +
            $"{margin:P0} margin";
        return objective.Kind switch
        {
            PlanObjective.MinResources =>
                $"least bandwidth {among}: {TargetCheck.Rate(p.BandwidthBps)}, {p.CpuSeconds:F1} CPU s",
            PlanObjective.Weighted =>
                $"best mix ({objective.DowntimeWeight:F2} downtime, " +
                $"{1 - objective.DowntimeWeight:F2} resources) " +
                $"{among}",
            _ => $"shortest downtime {among}: {TargetCheck.Ms(p.DowntimeMs)}",
        };
    }

    public string WhyNot(PlanCandidate c, PlanCandidate chosen)
    {
        var p = c.Predicted;
        var q = chosen.Predicted;
        return objective.Kind switch
        {
            PlanObjective.MinResources when p.BandwidthBps > q.BandwidthBps =>
                $"meets the targets but reserves {TargetCheck.Rate(p.BandwidthBps)}",
            PlanObjective.MinResources => $"same bandwidth, {p.CpuSeconds:F1} CPU s against {q.CpuSeconds:F1}",
            PlanObjective.Weighted => $"meets the targets, mix score {c.Score:F2} against {chosen.Score:F2}",
            _ => $"meets the targets, downtime {TargetCheck.Ms(p.DowntimeMs)} against " +
                $"{TargetCheck.Ms(q.DowntimeMs)}",
        };
    }


    private double Resources(KpiPrediction p) =>
        p.BandwidthBps / _link + 0.01 * p.CpuSeconds / _maxCpu + (p.Rounds.Count > 0 ? 0.001 : 0);
}
