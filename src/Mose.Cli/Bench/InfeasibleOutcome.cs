namespace Mose.Cli.Bench;

/// <summary>What the designer did with an infeasible task (e or f).</summary>
/// <param name="Run">Sweep number.</param>
/// <param name="Service">The service's label.</param>
/// <param name="Kind">Soft or hard.</param>
/// <param name="SaidInfeasible">The plan was marked infeasible and named the downtime target.</param>
/// <param name="Said">What it said: the chosen plan's reason (soft) or the refusal (hard).</param>
/// <param name="Migrated">The migration ran and succeeded (expected for soft).</param>
/// <param name="Refused">Refused in the plan phase with exit code 1 (expected for hard).</param>
/// <param name="Untouched">The service stayed on its host with its state intact (expected for hard).</param>
public sealed record InfeasibleOutcome(int Run, string Service, DesignerTaskKind Kind, bool SaidInfeasible,
    string Said, bool Migrated, bool Refused, bool Untouched)
{
    /// <summary>The designer behaved as issue 4 asks.</summary>
    public bool AsExpected =>
        SaidInfeasible && (Kind == DesignerTaskKind.InfeasibleHard ? Refused && Untouched : Migrated);
}
