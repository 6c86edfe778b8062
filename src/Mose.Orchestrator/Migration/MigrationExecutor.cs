using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Agent;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Orchestrator.Registry;

namespace Mose.Orchestrator.Migration;

/// <summary>
/// Drives two agents through a stop-and-copy migration as a saga with one commit point: the restore on
/// the destination. Every step before it has an undo, so a failure leaves the service running on the
/// source with its memory, files and TCP connections (restored from the local checkpoint if it was dumped).
/// </summary>
public sealed partial class MigrationExecutor(AgentDirectory agents, ServiceRegistry registry, IFlowSwitch flows,
    OrchestratorOptions options, Recovery.MigrationJournal journal, Store.MigrationHistory history,
    Design.PlanService plans, Design.ModelBook models, Design.LinkMeter links, TimeProvider time,
    ILogger<MigrationExecutor> logger)
{
    /// <summary>Phase names, as reported.</summary>
    public const string Plan = "plan", Prepare = "prepare", PreCopy = "precopy", Checkpoint = "checkpoint",
        Transfer = "transfer", Network = "network", Restore = "restore", Commit = "commit";

    /// <summary>The smallest bandwidth cap accepted, in bits per second.</summary>
    public const long MinBandwidthBps = 1_000_000;

    /// <summary>Runs one migration; progress goes to <paramref name="progress"/>. Expected failures come back
    /// as a result with success = false, never as an exception.</summary>
    public async Task<MigrationResult> MigrateAsync(MigrateRequest request, Action<string, string> progress,
        CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            journal.Settle(request.Service);
        }
    }

    private async Task<MigrationResult> RunAsync(MigrateRequest request, Action<string, string> progress,
        CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var service = registry.Find(request.Service);
        var result = new MigrationResult
        {
            MigrationId = id, Service = request.Service, Source = service?.Host ?? "",
            Destination = request.Destination,
        };
        var design = null as Designed;
        if (Design.TaskValidation.WantsDesign(request))
        {
            request = request.Clone();
            design = await DesignAsync(request, result, progress, cancellationToken).ConfigureAwait(false);
        }

        history.Begin(id, request, service?.Host ?? "", plan: result.Plan);

        // Planning (profile, link, designer) is not part of the migration's total time.
        var total = Stopwatch.StartNew();
        var started = time.GetTimestamp();
        List<string> problems = result.FailedPhase == Plan ? [result.Error] : Validate(request, service);
        if (service is not null && journal.Unfinished(service.Name) is { } unfinished)
        {
            // Moving it now would overwrite the entry recovery works from, and strand what it has to clean.
            problems.Add(unfinished);
            result.HostsDown = true;
        }

        if (problems.Count > 0)
        {
            result.FailedPhase = Plan;
            result.Error = string.Join("; ", problems);
            result.RunningOn = service?.Host ?? "";
            history.Finish(result);
            return result;
        }

        result.Source = service!.Host;
        var saga = new MigrationSaga(agents.Get(service.Host), agents.Get(request.Destination), service,
            request, id, options.CallTimeout, flows, result, progress);
        result.Strategy = saga.Strategy;
        if (await PlanAsync(saga, result, cancellationToken).ConfigureAwait(false) is false)
        {
            result.TotalMs = total.Elapsed.TotalMilliseconds;
            history.Finish(result);
            return result;
        }

        // While it runs, the journal entry is this migration's own, not one left to recovery.
        journal.Begin(new Recovery.InFlight(id, service.Name, service.Ip, service.Host, request.Destination));
        journal.Moving(service.Name);
        try
        {
            await saga.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var judge = design is null ? PreCopyPolicy.From(request) : Judge(design, result, started);
            await PreCopyAsync(saga, judge, cancellationToken).ConfigureAwait(false);
            await saga.CheckpointAsync(cancellationToken).ConfigureAwait(false);
            await saga.TransferAndSwitchAsync(cancellationToken).ConfigureAwait(false);
            await saga.RestoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MigrationFailedException e)
        {
            LogFailed(request.Service, e.Phase, e.Message);
            result.FailedPhase = e.Phase;
            result.RolledBack = await saga.RollBackAsync().ConfigureAwait(false);

            // The service was frozen from the checkpoint until the rollback resumed it, not only for the steps
            // that ended; one not resumed stays down until recovery, which the record's note then tells.
            if (saga.FrozenFor is { } frozen && saga.ServiceBack)
            {
                result.DowntimeMs = frozen.Elapsed.TotalMilliseconds;
            }

            result.Error = await DescribeAsync(e, service.Host, request.Destination).ConfigureAwait(false);

            // With the destination unreachable its half-built copy stays; the journal keeps the migration so
            // that recovery removes that copy once the host answers again.
            if (result.RolledBack && saga.DestinationCleaned)
            {
                journal.End(service.Name);
            }

            if (saga.RollbackErrors.Count > 0)
            {
                result.Error += $" (rollback: {string.Join("; ", saga.RollbackErrors)})";
            }

            result.RunningOn = saga.ServiceBack ? service.Host : "";
            result.TotalMs = total.Elapsed.TotalMilliseconds;
            history.Finish(result);
            return result;
        }

        // Commit point passed: the service runs on the destination. Record that before cleaning the source,
        // so a crash here cannot lose track of where the service is.
        registry.Put(service with { Host = request.Destination });
        if (!await ReleaseAsync(saga, service.Host, result, cancellationToken).ConfigureAwait(false))
        {
            journal.End(service.Name);
        }

        result.Success = true;
        result.RunningOn = request.Destination;
        result.TotalMs = total.Elapsed.TotalMilliseconds;
        await LearnAsync(result, request, cancellationToken).ConfigureAwait(false);
        if (design is not null)
        {
            RecordMisses(result, design.Targets);
        }

        LogMigrated(request.Service, service.Host, request.Destination, result.DowntimeMs, result.TotalMs);
        history.Finish(result);
        return result;
    }

    // The move itself succeeded; only the source's leftover copy may not be removed. A source that does not
    // answer keeps the journal entry, so that recovery releases the copy once it answers: true then.
    private async Task<bool> ReleaseAsync(MigrationSaga saga, string source, MigrationResult result,
        CancellationToken cancellationToken)
    {
        try
        {
            await saga.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (MigrationFailedException e)
        {
            LogReleaseFailed(result.Service, source, e.Message);
            var silent = e.InnerException is RpcException rpc && AgentDirectory.IsSilence(rpc) ? rpc : null;
            result.Error = $"migrated, but the copy on {source} was not removed: " + (silent is not null
                ? $"{AgentDirectory.NoAnswer(source, silent)}; the orchestrator removes it once that agent answers"
                : e.InnerException is RpcException other ? other.Status.Detail : e.InnerException?.Message);
            return silent is not null;
        }
    }

    // A refusal in the plan touched nothing, so there is nothing to roll back.
    // The request itself was checked before: what the hosts refuse here (an agent that does not answer, a
    // capability missing, the service not running) is the lab's state, not bad input.
    private async Task<bool> PlanAsync(MigrationSaga saga, MigrationResult result, CancellationToken cancellationToken)
    {
        try
        {
            await saga.PlanAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MigrationFailedException e)
        {
            LogFailed(result.Service, e.Phase, e.Message);
            result.FailedPhase = Plan;
            result.Error = Describe(e);
            result.RunningOn = result.Source;
            result.HostsDown = true;
            return false;
        }
    }

    private static Task PreCopyAsync(MigrationSaga saga, IRoundJudge judge, CancellationToken cancellationToken) =>
        saga.Strategy switch
        {
            MigrationStrategies.PreCopy => saga.PreCopyAsync(judge, cancellationToken),
            MigrationStrategies.CriuPreDump => saga.PreDumpAsync(judge, cancellationToken),
            _ => Task.CompletedTask,
        };

    // A call that found no agent may have gone to either host (the source also fails when its peer is gone):
    // ask both, after the rollback so that a hung agent does not hold a frozen service longer.
    private async Task<string> DescribeAsync(MigrationFailedException e, string source, string destination)
    {
        // A source whose peer vanished mid-stream passes on what its own call saw: Unknown or Internal.
        if (e.InnerException is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded
            or StatusCode.Unknown or StatusCode.Internal })
        {
            var silent = await agents.NoAnswersAsync([source, destination]).ConfigureAwait(false);
            if (silent.Count > 0)
            {
                return string.Join("; ", silent);
            }
        }

        return Describe(e);
    }

    private string Describe(MigrationFailedException e) => e.InnerException switch
    {
        RpcException { StatusCode: StatusCode.Unavailable } rpc =>
            $"an agent did not answer in {e.Phase} ({rpc.Status.Detail}); is it running? `mose status` shows which",
        RpcException { Status.Detail.Length: > 0 } rpc => rpc.Status.Detail,
        RpcException rpc => $"{e.Phase} failed: {rpc.StatusCode}" + (rpc.StatusCode == StatusCode.DeadlineExceeded
            ? $" (no answer within {options.CallTimeout.TotalSeconds:F0} s)" : ""),
        { } inner => inner.Message,
        null => e.Message,
    };

    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "Migrated {Service} {Source} -> {Destination}: downtime {DowntimeMs:F0} ms, total {TotalMs:F0} ms")]
    private partial void LogMigrated(string service, string source, string destination, double downtimeMs,
        double totalMs);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning,
        Message = "Migrated {Service}, but releasing its copy on {Source} failed: {Error}")]
    private partial void LogReleaseFailed(string service, string source, string error);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Migration of {Service} failed in {Phase}: {Error}")]
    private partial void LogFailed(string service, string phase, string error);
}
