using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Core.Planning;
using Mose.Orchestrator.Migration;

namespace Mose.Cli.Bench;

/// <summary>
/// The designer's prediction taken apart phase by phase, so a benchmark can say which phase the model gets
/// wrong. The fixed phases are the hosts' fitted lines at the state size; the rest follow from the
/// prediction's sums (MigrationModel: total = plan + prepare + Σ rounds + downtime + commit, downtime =
/// checkpoint + max(network, send) + restore).
/// </summary>
public static class PhaseForecast
{
    /// <summary>The phases compared, in the order a migration runs them.</summary>
    public static IReadOnlyList<string> Phases { get; } =
    [
        MigrationExecutor.Plan, MigrationExecutor.Prepare, MigrationExecutor.PreCopy,
        MigrationExecutor.Checkpoint, MigrationExecutor.Transfer, MigrationExecutor.Restore,
        MigrationExecutor.Commit,
    ];

    /// <summary>Each phase's predicted milliseconds for <paramref name="plan"/>.</summary>
    public static Dictionary<string, double> Predicted(Candidate plan, HostConstants source,
        HostConstants destination, double stateMiB)
    {
        var cold = !MigrationStrategies.HasRounds(plan.Config.Strategy);
        var p = plan.Predicted;
        var checkpoint = source[cold ? ModelPhases.CheckpointCold : ModelPhases.CheckpointPreCopy].At(stateMiB);
        var restore = destination[cold ? ModelPhases.RestoreCold : ModelPhases.RestorePreCopy].At(stateMiB);
        var fixedMs = new Dictionary<string, double>
        {
            [MigrationExecutor.Plan] = source[ModelPhases.Plan].At(stateMiB),
            [MigrationExecutor.Prepare] = destination[ModelPhases.Prepare].At(stateMiB),
            [MigrationExecutor.Checkpoint] = checkpoint,
            // The downtime leaves out what runc does outside the freeze; the steps' times include it.
            [MigrationExecutor.Transfer] = p.DowntimeMs + source[ModelPhases.OutsideFreeze].At(stateMiB)
                - checkpoint - restore,
            [MigrationExecutor.Restore] = restore,
            [MigrationExecutor.Commit] = source[ModelPhases.Commit].At(stateMiB),
        };
        fixedMs[MigrationExecutor.PreCopy] = p.TotalMs - fixedMs[MigrationExecutor.Checkpoint]
            - fixedMs[MigrationExecutor.Transfer] - fixedMs[MigrationExecutor.Restore] - fixedMs[MigrationExecutor.Plan]
            - fixedMs[MigrationExecutor.Prepare] - fixedMs[MigrationExecutor.Commit];
        return fixedMs;
    }

    /// <summary>Each phase's measured milliseconds, on the same terms as <see cref="Predicted"/>: the
    /// transfer overlaps moving the route, so the longer of the two counts.</summary>
    public static Dictionary<string, double> Measured(MigrationResult result) => Phases.ToDictionary(
        phase => phase,
        phase => phase == MigrationExecutor.Transfer
            ? Math.Max(Ms(result, MigrationExecutor.Transfer), Ms(result, MigrationExecutor.Network))
            : Ms(result, phase));

    private static double Ms(MigrationResult result, string phase) =>
        result.Phases.Where(p => p.Phase == phase).Sum(p => p.Ms);
}
