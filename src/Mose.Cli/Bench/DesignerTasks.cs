using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Cli.Bench;

/// <summary>Builds the task of each <see cref="DesignerTaskKind"/>: its targets and objective.</summary>
public static class DesignerTasks
{
    /// <summary>Downtime and total time of the loose targets (a, c).</summary>
    public const double LooseDowntimeMs = 10_000, LooseTotalMs = 60_000;

    /// <summary>Downtime target of the weighted task (d).</summary>
    public const double WeightedDowntimeMs = 5_000;

    /// <summary>A downtime no configuration reaches on these hosts (e, f).</summary>
    public const double InfeasibleDowntimeMs = 50;

    /// <summary>The tight task's targets as multiples of the best predicted downtime and of its total.
    /// </summary>
    public const double TightDowntimeFactor = 1.5, TightTotalFactor = 2;

    /// <summary>The tasks a to d, whose targets the designer should be able to meet.</summary>
    public static bool MeantFeasible(DesignerTaskKind kind) => kind <= DesignerTaskKind.Weighted;

    /// <summary>The short name used in tables and the CSV, e.g. "b tight".</summary>
    public static string Label(DesignerTaskKind kind) => kind switch
    {
        DesignerTaskKind.Loose => "a loose",
        DesignerTaskKind.Tight => "b tight",
        DesignerTaskKind.MinResources => "c min-resources",
        DesignerTaskKind.Weighted => "d weighted",
        DesignerTaskKind.InfeasibleSoft => "e infeasible",
        DesignerTaskKind.InfeasibleHard => "f infeasible hard",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The task of <paramref name="kind"/>; the tight one needs the best predicted downtime and its
    /// total time from a plan without targets.</summary>
    public static MigrationTask Build(DesignerTaskKind kind, string service, string destination,
        Prediction? best = null)
    {
        var (targets, objective) = kind switch
        {
            DesignerTaskKind.Loose =>
                (Targets(LooseDowntimeMs, LooseTotalMs), Objective(PlanObjective.MinDowntime)),
            DesignerTaskKind.Tight => (TightTargets(best), Objective(PlanObjective.MinDowntime)),
            DesignerTaskKind.MinResources =>
                (Targets(LooseDowntimeMs, LooseTotalMs), Objective(PlanObjective.MinResources)),
            DesignerTaskKind.Weighted =>
                (Targets(WeightedDowntimeMs, LooseTotalMs), Objective(PlanObjective.Weighted, 0.5)),
            DesignerTaskKind.InfeasibleSoft => (Targets(InfeasibleDowntimeMs, 0), Objective("")),
            DesignerTaskKind.InfeasibleHard => (Targets(InfeasibleDowntimeMs, 0, hard: true), Objective("")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new MigrationTask
            { Service = service, Destination = destination, Targets = targets, Objective = objective };
    }

    /// <summary>A task with no target: the designer's best downtime, for the tight task's targets.</summary>
    public static MigrationTask Unconstrained(string service, string destination) => new()
    {
        Service = service, Destination = destination, Targets = new Targets(),
        Objective = Objective(PlanObjective.MinDowntime),
    };

    private static Targets TightTargets(Prediction? best) => best is null
        ? throw new ArgumentNullException(nameof(best), "the tight task needs the best prediction")
        : Targets(Math.Ceiling(best.DowntimeMs * TightDowntimeFactor),
            Math.Ceiling(best.TotalMs * TightTotalFactor));

    private static Targets Targets(double downtimeMs, double totalMs, bool hard = false) =>
        new() { MaxDowntimeMs = downtimeMs, MaxTotalMs = totalMs, Hard = hard };

    private static Objective Objective(string kind, double weight = 0) =>
        new() { Kind = kind, DowntimeWeight = weight };
}
