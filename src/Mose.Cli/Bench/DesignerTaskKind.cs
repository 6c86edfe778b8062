namespace Mose.Cli.Bench;

/// <summary>The tasks the designer benchmark gives every service (issue 4's sweep), in the order they run.
/// </summary>
public enum DesignerTaskKind
{
    /// <summary>a: min-downtime with loose targets (10 s downtime, 60 s total).</summary>
    Loose,

    /// <summary>b: min-downtime at 1.5× the best predicted downtime and 2× its total time.</summary>
    Tight,

    /// <summary>c: min-resources at a loose downtime target.</summary>
    MinResources,

    /// <summary>d: weighted half downtime, half resources, at 5 s downtime.</summary>
    Weighted,

    /// <summary>e: 50 ms downtime, soft: the designer must say so and still migrate.</summary>
    InfeasibleSoft,

    /// <summary>f: 50 ms downtime, hard: refused before anything is touched.</summary>
    InfeasibleHard,
}
