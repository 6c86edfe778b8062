using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Bench;

/// <summary>One migration of the pre-copy benchmark: the cell of the matrix, the strategy and what happened.</summary>
/// <param name="StateMb">dprgen's state.</param>
/// <param name="Rate">Pages dprgen rewrites per second.</param>
/// <param name="BandwidthBps">Cap on the state stream.</param>
/// <param name="Run">Run number within the cell.</param>
/// <param name="Result">The migration's result.</param>
/// <param name="ClientGapMs">Longest silence a PING probe from the client saw during it.</param>
/// <param name="WritesSinceLastRound">dprgen's page writes from the start of the last round to the freeze
/// (pre-copy only): an upper bound of the pages dirtied since the last round read them.</param>
public sealed record PreCopyRow(int StateMb, int Rate, long BandwidthBps, int Run, MigrationResult Result,
    double ClientGapMs, long WritesSinceLastRound)
{
    /// <summary>The strategy of the migration.</summary>
    public string Strategy => Result.Strategy;

    /// <summary>The cell this row belongs to, for grouping.</summary>
    public (int StateMb, int Rate, long BandwidthBps) Cell => (StateMb, Rate, BandwidthBps);

    /// <summary>Freeze bytes (raw) over the pages dirtied since the last round, by the dump's own count.</summary>
    public double FreezeOverDirtied => Result.PagesDirtiedFinal > 0
        ? Result.FreezeRawBytes / (Result.PagesDirtiedFinal * 4096.0) : double.NaN;
}
