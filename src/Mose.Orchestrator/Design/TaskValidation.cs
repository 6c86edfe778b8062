using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Design;

/// <summary>Every problem of a task's targets and objective, at once.</summary>
public static class TaskValidation
{
    /// <summary>True when the request carries a task: the designer chooses (and a task without any target or
    /// objective is refused with the reason, not run as a plain move).</summary>
    public static bool WantsDesign(MigrateRequest request) => request.Task is not null;

    /// <summary>A migration task must say what it wants; a plan alone may ask for the defaults.</summary>
    public static string? Empty(MigrationTask task) =>
        ToTargets(task.Targets).Any || !string.IsNullOrEmpty(task.Objective?.Kind) || task.Targets?.Hard == true
            ? null
            : "the task names no target and no objective; give at least one (--max-downtime, --max-total, " +
              "--max-latency, --min-availability, --objective)";

    public static IReadOnlyList<string> Problems(MigrationTask task)
    {
        var problems = new List<string>();
        var t = task.Targets ?? new Targets();
        NonNegative("max downtime", t.MaxDowntimeMs, problems);
        NonNegative("max total time", t.MaxTotalMs, problems);
        NonNegative("max client latency", t.MaxLatencyMs, problems);
        if (t.MinAvailability is < 0 or >= 1 || double.IsNaN(t.MinAvailability))
        {
            problems.Add($"min availability {t.MinAvailability} out of range: use a share from 0 up to (not " +
                "including) 1, e.g. 0.9");
        }

        if (t.MaxTotalMs > 0 && t.MaxDowntimeMs > t.MaxTotalMs)
        {
            problems.Add($"max downtime {t.MaxDowntimeMs:F0} ms exceeds max total time {t.MaxTotalMs:F0} ms: " +
                "the downtime is part of the migration");
        }

        if (t.MaxTotalMs > 0 && t.MaxLatencyMs > t.MaxTotalMs)
        {
            problems.Add($"max client latency {t.MaxLatencyMs:F0} ms exceeds max total time {t.MaxTotalMs:F0} ms");
        }

        if (t.Hard && !ToTargets(t).Any)
        {
            problems.Add("hard targets need at least one target (--max-downtime, --max-total, --max-latency or " +
                "--min-availability)");
        }

        var kind = task.Objective?.Kind ?? "";
        if (kind.Length > 0 && !PlanObjective.Kinds.Contains(kind))
        {
            problems.Add($"unknown objective '{kind}'; known: {string.Join(", ", PlanObjective.Kinds)}");
        }

        var weight = task.Objective?.DowntimeWeight ?? 0;
        if (kind == PlanObjective.Weighted && (weight is < 0 or > 1 || double.IsNaN(weight)))
        {
            problems.Add($"downtime weight {weight} out of range: use 0 to 1");
        }

        return problems;
    }

    public static KpiTargets ToTargets(Targets? t) => t is null
        ? KpiTargets.None
        : new(t.MaxDowntimeMs, t.MaxTotalMs, t.MaxLatencyMs, t.MinAvailability, t.Hard);

    public static PlanObjective ToObjective(Objective? o) => string.IsNullOrEmpty(o?.Kind)
        ? PlanObjective.Default
        : new(o.Kind, o.Kind == PlanObjective.Weighted ? o.DowntimeWeight : o.Kind == PlanObjective.MinDowntime ? 1 : 0);

    private static void NonNegative(string what, double value, List<string> problems)
    {
        if (value < 0 || double.IsNaN(value) || value > 3_600_000)
        {
            problems.Add($"{what} {value} ms out of range: use 0 (none) up to one hour");
        }
    }
}
