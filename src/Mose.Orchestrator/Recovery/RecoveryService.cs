using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Agent;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Recovery;

/// <summary>
/// Finishes or undoes migrations that did not end cleanly: the orchestrator died in the middle, or an agent
/// was down during a rollback. At start and then every few seconds it takes each journal entry and looks at
/// the destination: if the service already runs there (the commit point was passed), the move is completed;
/// otherwise it is undone on the source. Entries whose hosts do not answer wait for the next round. The
/// migration's history record then says what happened.
/// </summary>
public sealed partial class RecoveryService(MigrationJournal journal, MigrationGate gate, AgentDirectory agents,
    ServiceRegistry registry, IFlowSwitch flows, MigrationHistory history, TimeProvider time,
    ILogger<RecoveryService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (journal.Pending().Count > 0 && gate.TryEnter())
            {
                try
                {
                    foreach (var entry in journal.Pending())
                    {
                        await ResolveAsync(entry, stoppingToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    gate.Exit();
                }
            }

            await Task.Delay(Period, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes or undoes one interrupted migration; leaves the entry if a host does not answer.</summary>
    public async Task ResolveAsync(InFlight entry, CancellationToken cancellationToken)
    {
        var reference = new ServiceRef { Name = entry.Service, MigrationId = entry.MigrationId };
        try
        {
            var destination = agents.Get(entry.Destination);
            var there = await destination.ListServicesAsync(new ListServicesRequest(),
                deadline: Deadline(), cancellationToken: cancellationToken);
            var restored = there.Services.Any(s => s.Spec.Name == entry.Service && s.State == "running");

            // Once the rollback resumed the service on the source, that copy is the live one whatever the
            // destination holds.
            var record = history.Find(entry.MigrationId);
            var resumed = record is { Status: not MigrationStatus.Running }
                && record.Result?.RunningOn == entry.Source;
            if (restored && !resumed)
            {
                registry.Put(registry.Find(entry.Service)! with { Host = entry.Destination });
                await flows.RouteAsync(entry.Ip, entry.Destination, cancellationToken).ConfigureAwait(false);
                await IgnoreMissing(agents.Get(entry.Source).ReleaseAsync(reference, deadline: Deadline(),
                    cancellationToken: cancellationToken).ResponseAsync).ConfigureAwait(false);
            }
            else
            {
                await flows.RouteAsync(entry.Ip, entry.Source, cancellationToken).ConfigureAwait(false);

                // Abort removes an incoming copy; a copy the destination finished restoring is removed whole.
                await IgnoreMissing(restored
                    ? destination.RemoveAsync(reference, deadline: Deadline(),
                        cancellationToken: cancellationToken).ResponseAsync
                    : destination.AbortAsync(reference, deadline: Deadline(),
                        cancellationToken: cancellationToken).ResponseAsync).ConfigureAwait(false);
                await agents.Get(entry.Source).ResumeAsync(reference, deadline: Deadline(),
                    cancellationToken: cancellationToken);
                registry.Put(registry.Find(entry.Service)! with { Host = entry.Source });
            }

            var completed = restored && !resumed;
            journal.End(entry.Service);

            // A migration that succeeded but could not release its source's copy stays a success.
            var succeeded = record?.Status == MigrationStatus.Succeeded && completed;
            history.Resolve(entry.MigrationId,
                succeeded ? MigrationStatus.Succeeded
                : completed ? MigrationStatus.RecoveredCompleted : MigrationStatus.RecoveredUndone,
                succeeded
                    ? $"the copy on {entry.Source}, whose agent did not answer after the move, was released later"
                    : Note(entry, record?.Status, restored, resumed));
            LogResolved(entry.Service, completed ? entry.Destination : entry.Source,
                completed ? "completed" : "undone");
        }
        catch (RpcException e)
        {
            LogPending(entry.Service, e.Status.Detail.Length > 0 ? e.Status.Detail : e.StatusCode.ToString());
        }
    }

    // The record still says running when the orchestrator stopped in the middle; it says failed when the
    // migration ended but its rollback could not reach every host.
    private static string Note(InFlight entry, string? status, bool restored, bool resumed)
    {
        var cause = status == MigrationStatus.Running
            ? "the orchestrator restarted during the migration"
            : "the migration failed and its rollback could not reach every host";
        return (restored, resumed) switch
        {
            (true, false) => $"{cause}; {entry.Destination} had already restored the service, so the move was " +
                $"completed there and the copy on {entry.Source} released",
            (true, true) => $"{cause}; the service had resumed on {entry.Source} in the rollback, so the copy " +
                $"{entry.Destination} had restored meanwhile was removed",
            (false, true) => $"{cause}; the service had resumed on {entry.Source} in the rollback, and what " +
                $"{entry.Destination} held of it was removed",
            _ => $"{cause}; {entry.Destination} held no finished restore of the service, so what it held there " +
                $"was removed and the service resumed on {entry.Source}",
        };
    }

    private static async Task IgnoreMissing(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound)
        {
            // Nothing of the service is there: nothing to release or abort.
        }
    }

    private DateTime Deadline() => time.GetUtcNow().UtcDateTime.AddMinutes(2);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "Recovered the interrupted migration of {Service}: {Outcome}, it runs on {Host}")]
    private partial void LogResolved(string service, string host, string outcome);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning,
        Message = "Interrupted migration of {Service} not recovered yet: {Reason}; trying again")]
    private partial void LogPending(string service, string reason);
}
