using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Bench;

/// <summary>One migration of a series, with the gap the client saw during it.</summary>
public sealed record SeriesRow(int Run, string From, string To, DateTimeOffset Start, DateTimeOffset End,
    MigrationResult Result, double ClientGapMs)
{
    /// <summary>A phase's time, or 0.</summary>
    public double Phase(string name) => Result.Phases.Where(p => p.Phase == name).Sum(p => p.Ms);
}
