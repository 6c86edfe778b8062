using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Core.Planning;
using Mose.Orchestrator.Design;

namespace Mose.Orchestrator.Migration;

/// <summary>Migrations of tasks with targets: the designer chooses the configuration before the saga starts,
/// the controller judges each pre-copy round against the plan, and the model learns from the outcome.</summary>
public sealed partial class MigrationExecutor
{
    /// <summary>Plans a task and fills the request with the chosen configuration; false (with the result
    /// filled as a refusal) when the task cannot be planned or a hard target is infeasible.</summary>
    private async Task<Designed?> DesignAsync(MigrateRequest request, MigrationResult result,
        Action<string, string> progress, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (TaskValidation.Empty(request.Task) is { } empty)
        {
            problems.Add(empty);
        }

        if (!string.IsNullOrEmpty(request.Strategy) || request.MaxRounds != 0 || request.BandwidthBps != 0
            || request.TimeBudgetMs != 0)
        {
            problems.Add("a strategy, rounds, a time budget or a bandwidth cannot be given with targets or an " +
                "objective: the designer chooses them (use `mose plan` to see its choice)");
        }

        var task = request.Task.Clone();
        task.Service = request.Service;
        task.Destination = request.Destination;
        var plan = problems.Count == 0
            ? await plans.PlanAsync(task, cancellationToken, () => progress(Plan,
                $"profiling {request.Service} and measuring the link to {request.Destination}")).ConfigureAwait(false)
            : PlanResult.Refused([.. problems, .. TaskValidation.Problems(task)]);
        if (plan.Reply is null || plan.Outcome is null || plan.Load is null || plan.Context is null)
        {
            Refuse(result, plan.Problems);
            result.HostsDown = plan.HostsDown;
            return null;
        }

        result.Plan = plan.Reply.Chosen;
        result.StateBytes = plan.Load.StateBytes;
        result.LinkBps = plan.Reply.Inputs.LinkBps;
        var targets = TaskValidation.ToTargets(request.Task.Targets);
        if (!plan.Outcome.Feasible && targets.Hard)
        {
            Refuse(result, [$"hard targets cannot be met: {string.Join("; ", plan.Outcome.Infeasible)}"]);
            return null;
        }

        var config = plan.Outcome.Chosen.Config;
        request.Strategy = config.Strategy;
        request.BandwidthBps = config.BandwidthBps;
        progress(Plan, $"chose {config.Strategy}" + (config.Rounds > 0 ? $", {config.Rounds} rounds" : "") +
            $" at {(config.BandwidthBps > 0 ? $"{config.BandwidthBps / 1e6:F0} Mbit/s" : "the whole link")}: " +
            $"downtime {TargetCheck.Ms(plan.Outcome.Chosen.Predicted.DowntimeMs)}, total " +
            $"{TargetCheck.Ms(plan.Outcome.Chosen.Predicted.TotalMs)} predicted");
        return new Designed(config, plan.Load, plan.Context, targets);
    }

    /// <summary>The judge of a designed migration's rounds: the controller.</summary>
    private IRoundJudge Judge(Designed design, MigrationResult result, long startedAt) =>
        new ControllerJudge(new PreCopyController(design.Config, design.Load, design.Context, design.Targets,
            PreCopyPolicy.MaxRoundsLimit), result, time, startedAt, logger);

    /// <summary>Feeds a finished migration to the model; fills the state size and the link's bandwidth when no
    /// plan measured them (the model separates wire time from each phase, so it needs the real link).</summary>
    private async Task LearnAsync(MigrationResult result, MigrateRequest request, CancellationToken cancellationToken)
    {
        if (result.StateBytes == 0)
        {
            result.StateBytes = result.Rounds.Count > 0 ? result.Rounds[0].PagesPresent * DirtySet.PageSize
                : result.FreezeRawBytes;
        }

        if (MigrationStrategies.Normalize(request.Strategy) is not (MigrationStrategies.Cold
            or MigrationStrategies.PreCopy) || request.Baseline)
        {
            return;
        }

        if (result.LinkBps == 0)
        {
            try
            {
                result.LinkBps = (await links.MeasureAsync(result.Source, result.Destination, cancellationToken)
                    .ConfigureAwait(false)).Bps;
            }
            catch (Exception e) when (e is Design.LinkMeasurementException or RpcException)
            {
                LogNoLink(result.Service, e.Message);
                return;
            }
        }

        models.Learn(result, result.LinkBps, request.BandwidthBps);
    }

    /// <summary>Compares the measured migration with its targets, as the hosts saw it: the client's worst
    /// request waits through the downtime, and it is served the rest of the migration.</summary>
    private static void RecordMisses(MigrationResult result, KpiTargets targets)
    {
        var measured = new KpiPrediction(result.DowntimeMs, result.TotalMs, result.BytesSent, 0,
            1 - result.DowntimeMs / Math.Max(1, result.TotalMs), result.DowntimeMs, result.FreezeBytes, 0, [], "");
        result.Missed.AddRange(new TargetCheck(targets, margin: 0).Misses(measured));
    }

    private static void Refuse(MigrationResult result, IReadOnlyList<string> problems)
    {
        result.FailedPhase = Plan;
        result.Error = string.Join("; ", problems);
    }

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning,
        Message = "The model did not learn from the migration of {Service}: the link could not be measured ({Error})")]
    private partial void LogNoLink(string service, string error);

    private sealed record Designed(MigrationConfig Config, ServiceLoad Load, ModelContext Context, KpiTargets Targets);
}
