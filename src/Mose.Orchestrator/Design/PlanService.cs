using Grpc.Core;
using Mose.Contracts.Agent;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Core.Planning;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Design;

/// <summary>
/// Gathers what the designer needs and runs it: the service's state and write rate from the live memory
/// reader on its host, the bandwidth the two agents measure between them, each host's capabilities and
/// model constants. Touches nothing.
/// </summary>
public sealed class PlanService(AgentDirectory agents, ServiceRegistry registry, LinkMeter links, ModelBook models,
    MigrationHistory history, Recovery.MigrationJournal journal, TimeProvider time)
{
    /// <summary>How long the profiler watches the service.</summary>
    public static readonly TimeSpan ProfileTime = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private readonly Designer _designer = new();

    /// <summary>The plan of a task, or every problem that keeps it from being planned;
    /// <paramref name="measuring"/> hears when the task is valid and the measuring starts.</summary>
    public async Task<PlanResult> PlanAsync(MigrationTask task, CancellationToken cancellationToken,
        Action? measuring = null)
    {
        var problems = TaskValidation.Problems(task).ToList();
        var service = registry.Find(task.Service);
        if (service is null)
        {
            problems.Add($"unknown service '{task.Service}'; known services: " +
                string.Join(", ", registry.All().Select(s => s.Name).DefaultIfEmpty("none")));
        }

        if (!agents.Contains(task.Destination))
        {
            problems.Add($"unknown host '{task.Destination}'; known hosts: {string.Join(", ", agents.Hosts)}");
        }
        else if (service?.Host == task.Destination)
        {
            problems.Add($"service '{task.Service}' already runs on {task.Destination}");
        }

        if (problems.Count > 0)
        {
            return PlanResult.Refused(problems);
        }

        if (journal.Unfinished(service!.Name) is { } unfinished)
        {
            return PlanResult.LabState([unfinished]);
        }

        var source = await Describe(service!.Host, problems, cancellationToken).ConfigureAwait(false);
        var destination = await Describe(task.Destination, problems, cancellationToken).ConfigureAwait(false);
        if (source is null || destination is null)
        {
            return PlanResult.LabState(problems);
        }

        // A host lacking what the move needs is the lab's state, as migrate's plan step reports it.
        problems.AddRange(Compatibility.Check(source, destination));
        if (problems.Count > 0)
        {
            return PlanResult.LabState(problems);
        }

        measuring?.Invoke();
        ProfileReply profile;
        LinkMeasurement link;
        try
        {
            profile = await agents.Get(service.Host).ProfileDirtyRateAsync(
                new ProfileRequest { Name = service.Name, Seconds = ProfileTime.TotalSeconds },
                deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
            link = await links.MeasureAsync(service.Host, task.Destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or LinkMeasurementException)
        {
            var detail = e is RpcException { Status.Detail.Length: > 0 } rpc ? rpc.Status.Detail : e.Message;
            return PlanResult.LabState([$"could not measure the plan's inputs: {detail}"]);
        }
        var last = history.List(5, service.Name).FirstOrDefault(r => r.Status == MigrationStatus.Succeeded);
        var held = HeldAge(last, service.Host, task.Destination, profile);
        var load = new ServiceLoad(profile.PagesPresent * DirtySet.PageSize, profile.DirtyPagesPerSecond, held,
            WireRatio(last), profile.HotPages);
        var heldReason = held < 0 ? "" : $"return trip: {service.Name} left {task.Destination} with pre-copy " +
            $"{held:F0} s ago, so its chunk store should still hold {load.HeldShare():P0} of the pages";
        var context = new ModelContext(models.For(service.Host), models.For(task.Destination), link.Bps);
        var strategies = source.Strategies.Where(s => s is MigrationStrategies.Cold or MigrationStrategies.PreCopy)
            .ToList();
        var outcome = _designer.Design(load, context, strategies, TaskValidation.ToTargets(task.Targets),
            TaskValidation.ToObjective(task.Objective));
        var inputs = new PlanInputs
        {
            StateBytes = load.StateBytes, DirtyPagesPerSecond = load.DirtyPagesPerSecond, LinkBps = link.Bps,
            Model = $"{models.Describe(service.Host)}; {models.Describe(task.Destination)}",
            HeldShare = load.HeldShare(), HeldReason = heldReason, HotPages = load.HotPages,
        };
        inputs.Strategies.AddRange(strategies);
        return new PlanResult(PlanMapping.ToReply(task, outcome, inputs), outcome, load, context, []);
    }

    /// <summary>
    /// How long ago the service left the destination with pre-copy, or −1: the destination keeps that dump's
    /// pages in its chunk store, so coming back resends only what the service dirtied since it left.
    /// </summary>
    private double HeldAge(MigrationRecord? last, string source, string destination, ProfileReply profile)
    {
        if (last is null || last.Source != destination || last.Destination != source
            || last.Result?.Strategy != MigrationStrategies.PreCopy || profile.PagesPresent == 0)
        {
            return -1;
        }

        return Math.Max(0, (time.GetUtcNow().ToUnixTimeMilliseconds() - last.EndedUnixMs) / 1000.0);
    }

    /// <summary>Wire bytes per state byte in the service's last move (LZ4 shrinks redis's pages, not
    /// dprgen's random ones); 1 for a service never moved.</summary>
    private static double WireRatio(MigrationRecord? last) => last?.Result is { RawBytes: > 0 } result
        ? Math.Clamp((double)result.BytesSent / result.RawBytes, 0.05, 1)
        : 1;

    private async Task<HostInfo?> Describe(string host, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            return await agents.Get(host).DescribeAsync(new DescribeRequest(),
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            problems.Add(AgentDirectory.IsSilence(e)
                ? AgentDirectory.NoAnswer(host, e)
                : $"host {host} could not describe itself ({e.StatusCode}: {e.Status.Detail})");
            return null;
        }
    }
}
