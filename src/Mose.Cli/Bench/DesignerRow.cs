using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Bench;

/// <summary>One task of the designer benchmark: what was asked, what the designer chose and predicted, and
/// what the migration measured.</summary>
/// <param name="Run">Sweep number, from 1.</param>
/// <param name="Service">The service's label, e.g. "dprgen 256MB/2000".</param>
/// <param name="Kind">Which task.</param>
/// <param name="From">Host the service ran on before.</param>
/// <param name="Task">Targets and objective as sent.</param>
/// <param name="Result">The migration's result (for a refused task: failed in "plan", with the plan).</param>
/// <param name="ExitCode">What `mose migrate` would have exited with.</param>
public sealed record DesignerRow(int Run, string Service, DesignerTaskKind Kind, string From,
    MigrationTask Task, MigrationResult Result, int ExitCode)
{
    /// <summary>Each phase as the model priced it (see <see cref="PhaseForecast"/>); empty when unknown.
    /// </summary>
    public IReadOnlyDictionary<string, double> PredictedPhases { get; init; } =
        new Dictionary<string, double>();

    /// <summary>Longest silence the client's probe saw during the task.</summary>
    public double ClientGapMs { get; init; }

    /// <summary>What the state check after the task found wrong; empty when intact.</summary>
    public IReadOnlyList<string> StateProblems { get; init; } = [];

    /// <summary>Where the orchestrator says the service runs after the task.</summary>
    public string HostAfter { get; init; } = "";

    /// <summary>True when the designer found a configuration that meets every target.</summary>
    public bool PlanFeasible => Result.Plan?.Feasible ?? false;

    /// <summary>The measured KPIs met every target the task set (a failed migration meets none).</summary>
    public bool Met => Result.Success
        && (Task.Targets.MaxDowntimeMs <= 0 || Result.DowntimeMs <= Task.Targets.MaxDowntimeMs)
        && (Task.Targets.MaxTotalMs <= 0 || Result.TotalMs <= Task.Targets.MaxTotalMs);

    /// <summary>|predicted − measured| / measured downtime; NaN without a measurement.</summary>
    public double DowntimeError => RelativeError(Result.Plan?.Predicted.DowntimeMs, Result.DowntimeMs);

    /// <summary>|predicted − measured| / measured total time; NaN without a measurement.</summary>
    public double TotalError => RelativeError(Result.Plan?.Predicted.TotalMs, Result.TotalMs);

    /// <summary>Less than half the predicted bytes travelled: mostly because the destination's chunk store
    /// already held the state from an earlier trip, a reuse the model does not foresee (also when fewer pages
    /// were dirtied than it forecast).</summary>
    public bool Reused => Result.Success && Result.Plan is { } p && Result.RawBytes < p.Predicted.Bytes / 2;

    /// <summary>The bandwidth the chosen configuration reserves: its cap, or the measured link when uncapped.
    /// </summary>
    public long ReservedBps => Result.Plan?.Config.BandwidthBps is > 0 and var cap ? cap : Result.LinkBps;

    /// <summary>The rate the state really travelled at: bytes on the wire over the pre-copy and transfer
    /// phases.</summary>
    public double AverageRateBps
    {
        get
        {
            var ms = Phase("precopy") + Phase("transfer");
            return ms > 0 ? Result.BytesSent * 8 / (ms / 1000) : 0;
        }
    }

    /// <summary>The controller's last decision, "action: reason", or "".</summary>
    public string FinalDecision => Result.Decisions.Count > 0
        ? $"{Result.Decisions[^1].Action}: {Result.Decisions[^1].Reason}" : "";

    /// <summary>A measured phase's time, 0 when it did not run.</summary>
    public double Phase(string name) => Result.Phases.Where(p => p.Phase == name).Sum(p => p.Ms);

    /// <summary>|predicted − measured| / measured, NaN when either is missing.</summary>
    public static double RelativeError(double? predicted, double measured) =>
        predicted is { } p && measured > 0 ? Math.Abs(p - measured) / measured : double.NaN;
}
