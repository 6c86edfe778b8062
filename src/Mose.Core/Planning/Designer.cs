using Mose.Core.Migration;

namespace Mose.Core.Planning;

/// <summary>
/// Enumerates strategies × pre-copy rounds × bandwidth levels, predicts each with
/// <see cref="MigrationModel"/>, keeps those whose predictions meet the targets and picks by the objective.
/// When none does, it names every target no configuration can meet and by how much, and picks the closest.
/// </summary>
public sealed class Designer(double margin = TargetCheck.DefaultMargin)
{
    /// <summary>Bandwidth caps tried below the measured link, in bit/s.</summary>
    public static IReadOnlyList<long> Levels { get; } =
        [10_000_000, 25_000_000, 50_000_000, 100_000_000, 200_000_000, 400_000_000, 600_000_000];

    /// <summary>Most pre-copy rounds planned (the controller may add more while the migration runs).</summary>
    public const int MaxPlannedRounds = 12;

    private const int RunnersUp = 4;

    public DesignOutcome Design(ServiceLoad load, ModelContext context, IReadOnlyCollection<string> strategies,
        KpiTargets targets, PlanObjective objective)
    {
        var check = new TargetCheck(targets, margin);
        var predicted = Enumerate(load, context, strategies)
            .Select(c => (Config: c, Prediction: MigrationModel.Predict(load, c, context)))
            .ToList();
        var scorer = new ObjectiveScore(objective, predicted.Select(p => p.Prediction).ToList(), context.LinkBps);
        var candidates = predicted
            .Select(p => new PlanCandidate(p.Config, p.Prediction, check.Misses(p.Prediction),
                scorer.Score(p.Prediction), ""))
            .ToList();
        var feasible = candidates.Where(c => c.Feasible).OrderBy(c => c.Score).ToList();
        var ranked = feasible.Count > 0
            ? feasible.Concat(candidates.Where(c => !c.Feasible).OrderBy(c => check.Distance(c.Predicted)))
            : candidates.OrderBy(c => check.Distance(c.Predicted)).ThenBy(c => c.Score);
        var list = ranked.ToList();
        var chosen = list[0] with { Why = scorer.WhyChosen(list[0], feasible.Count, check.Margin) };
        var runnersUp = list.Skip(1).Take(RunnersUp)
            .Select(c => c with { Why = c.Feasible ? scorer.WhyNot(c, chosen) : string.Join("; ", c.Misses) })
            .ToList();
        return new DesignOutcome(chosen, runnersUp, Infeasible(candidates, targets, margin));
    }

    /// <summary>Every configuration worth predicting; pre-copy plans that end their rounds at the same point
    /// predict alike, so only distinct forecasts are kept.</summary>
    public static IEnumerable<MigrationConfig> Enumerate(ServiceLoad load, ModelContext context,
        IReadOnlyCollection<string> strategies)
    {
        var caps = Levels.Where(l => l < context.LinkBps * 0.95).Append(0L).ToList();
        foreach (var cap in caps)
        {
            if (strategies.Contains(MigrationStrategies.Cold))
            {
                yield return new MigrationConfig(MigrationStrategies.Cold, 0, cap);
            }

            if (!strategies.Contains(MigrationStrategies.PreCopy))
            {
                continue;
            }

            var seen = 0;
            for (var rounds = MigrationModel.MinRounds; rounds <= MaxPlannedRounds; rounds++)
            {
                var config = new MigrationConfig(MigrationStrategies.PreCopy, rounds, cap);
                var forecast = MigrationModel.Predict(load, config, context).Rounds.Count;
                if (forecast == seen)
                {
                    break;
                }

                seen = forecast;
                yield return config with { Rounds = forecast };
            }
        }
    }

    private static List<string> Infeasible(IReadOnlyList<PlanCandidate> all, KpiTargets targets, double margin)
    {
        var problems = new List<string>();
        Best("downtime", targets.MaxDowntimeMs, all.Min(c => c.Predicted.DowntimeMs), problems);
        Best("total time", targets.MaxTotalMs, all.Min(c => c.Predicted.TotalMs), problems);
        Best("client latency", targets.MaxLatencyMs, all.Min(c => c.Predicted.LatencyMs), problems);
        var availability = all.Max(c => c.Predicted.Availability);
        if (targets.MinAvailability > 0 && availability < targets.MinAvailability)
        {
            problems.Add($"availability of at least {targets.MinAvailability:P1} is infeasible: the best " +
                $"configuration predicts {availability:P1} " + TargetCheck.Points(availability, targets.MinAvailability));
        }

        if (problems.Count == 0 && !all.Any(c => c.Feasible))
        {
            // A plan keeps a margin below each target: one reachable only without it is what stands in the way.
            Tight("downtime", targets.MaxDowntimeMs, all.Min(c => c.Predicted.DowntimeMs), margin, problems);
            Tight("total time", targets.MaxTotalMs, all.Min(c => c.Predicted.TotalMs), margin, problems);
            Tight("client latency", targets.MaxLatencyMs, all.Min(c => c.Predicted.LatencyMs), margin, problems);
            if (problems.Count == 0)
            {
                problems.Add("each target is reachable alone, but no configuration meets them all together");
            }
        }

        return problems;
    }

    private static void Tight(string what, double limit, double best, double margin, List<string> problems)
    {
        if (limit > 0 && best * (1 + margin) > limit)
        {
            problems.Add($"{what} of at most {TargetCheck.Ms(limit)} is met only without the {margin:P0} safety " +
                $"margin a plan keeps: the best configuration predicts {TargetCheck.Ms(best)}");
        }
    }

    private static void Best(string what, double limit, double best, List<string> problems)
    {
        if (limit > 0 && best > limit)
        {
            problems.Add($"{what} of at most {TargetCheck.Ms(limit)} is infeasible: the best configuration " +
                $"predicts {TargetCheck.Ms(best)} {TargetCheck.By(best, limit)}");
        }
    }
}
