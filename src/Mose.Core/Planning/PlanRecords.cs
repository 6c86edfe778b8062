namespace Mose.Core.Planning;

/// <summary>KPI targets; 0 (or less) means no target. Hard targets refuse or abort rather than miss.</summary>
public sealed record KpiTargets(
    double MaxDowntimeMs, double MaxTotalMs, double MaxLatencyMs, double MinAvailability, bool Hard)
{
    public static KpiTargets None { get; } = new(0, 0, 0, 0, false);

    public bool Any => MaxDowntimeMs > 0 || MaxTotalMs > 0 || MaxLatencyMs > 0 || MinAvailability > 0;
}

/// <summary>What to optimise among configurations that meet the targets.</summary>
public sealed record PlanObjective(string Kind, double DowntimeWeight)
{
    public const string MinDowntime = "min-downtime", MinResources = "min-resources", Weighted = "weighted";

    public static IReadOnlyList<string> Kinds { get; } = [MinDowntime, MinResources, Weighted];

    public static PlanObjective Default { get; } = new(MinDowntime, 1);
}

/// <summary>One configuration the designer weighed.</summary>
public sealed record PlanCandidate(MigrationConfig Config, KpiPrediction Predicted, IReadOnlyList<string> Misses,
    double Score, string Why)
{
    public bool Feasible => Misses.Count == 0;
}

/// <summary>The designer's answer: the choice, the next best, and every target no configuration meets.</summary>
public sealed record DesignOutcome(PlanCandidate Chosen, IReadOnlyList<PlanCandidate> RunnersUp,
    IReadOnlyList<string> Infeasible)
{
    public bool Feasible => Chosen.Feasible;
}
