using System.Diagnostics;
using Mose.Contracts.Agent;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Orchestrator.Registry;
using AgentClient = Mose.Contracts.Agent.Agent.AgentClient;

namespace Mose.Orchestrator.Migration;

/// <summary>The steps of one migration and their undo, with the timing of each phase.</summary>
internal sealed partial class MigrationSaga(AgentClient source, AgentClient destination, Placement service,
    MigrateRequest request, string id, TimeSpan callTimeout, IFlowSwitch flows, MigrationResult result,
    Action<string, string> progress)
{
    private readonly ServiceRef _ref = new() { Name = service.Name, MigrationId = id };
    private string? _destinationAddress;
    private string? _parentDump;
    private bool _routeMoved;

    // Until the checkpoint (or a CRIU pre-dump) the source only read the service's memory: it runs untouched.
    private bool _sourceTouched;

    // A healthy agent cleans a half-built copy in a second or two; a silent one is left to recovery rather than
    // held up for a whole call timeout while the source waits to resume.
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(10);

    /// <summary>From the checkpoint's start; after a failure, how long the service was frozen until the
    /// rollback resumed it.</summary>
    public Stopwatch? FrozenFor { get; private set; }

    /// <summary>The strategy this migration uses.</summary>
    public string Strategy { get; } = MigrationStrategies.Normalize(request.Strategy) ?? MigrationStrategies.Cold;

    /// <summary>Checks both hosts before anything is touched: compatibility, and that the source can run the
    /// strategy. A refusal here needs no undo.</summary>
    public async Task PlanAsync(CancellationToken cancellationToken)
    {
        await Step(MigrationExecutor.Plan, $"checking {service.Host} and {request.Destination}", async () =>
        {
            var info = await DescribeAsync(destination, request.Destination, cancellationToken).ConfigureAwait(false);
            var origin = await DescribeAsync(source, service.Host, cancellationToken).ConfigureAwait(false);
            var problems = Compatibility.Check(origin, info).ToList();
            problems.AddRange(Compatibility.CheckStrategy(origin, Strategy));
            problems.AddRange(await ServiceStateAsync(cancellationToken).ConfigureAwait(false));
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", problems));
            }

            _destinationAddress = info.DataAddress;
        }).ConfigureAwait(false);
    }

    // A service whose process is gone (it crashed, or was killed) leaves nothing to migrate: refusing here spares
    // the destination a prepare and the user a rollback that brings back nothing.
    private async Task<IEnumerable<string>> ServiceStateAsync(CancellationToken cancellationToken)
    {
        var there = await source.ListServicesAsync(new ListServicesRequest(), deadline: Deadline(),
            cancellationToken: cancellationToken);
        var again = $"`mose lab remove {service.Name}` and deploy it again";
        return there.Services.FirstOrDefault(s => s.Spec.Name == service.Name) switch
        {
            null => [$"{service.Host} does not hold service '{service.Name}'; {again}"],
            { State: "running" or "paused" } => [],
            var stopped => [$"service '{service.Name}' on {service.Host} is {stopped.State}, not running, " +
                $"so there is nothing to migrate; {again}"],
        };
    }

    private async Task<HostInfo> DescribeAsync(AgentClient agent, string host, CancellationToken cancellationToken)
    {
        try
        {
            return await agent.DescribeAsync(new DescribeRequest(), deadline: Deadline(),
                cancellationToken: cancellationToken);
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable
            or Grpc.Core.StatusCode.DeadlineExceeded)
        {
            throw new InvalidOperationException(AgentDirectory.NoAnswer(host, e), e);
        }
    }

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await Step(MigrationExecutor.Prepare, $"preparing {request.Destination} and sending the bundle", async () =>
        {
            await destination.PrepareAsync(new PrepareRequest { Spec = service.ToSpec(), MigrationId = id, Baseline = request.Baseline },
                deadline: Deadline(), cancellationToken: cancellationToken);
            await Send("bundle", cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        _sourceTouched = true;
        FrozenFor = Stopwatch.StartNew();
        await Step(MigrationExecutor.Checkpoint, $"freezing and dumping on {service.Host}", async () =>
        {
            var reply = await source.CheckpointAsync(new CheckpointRequest { Name = service.Name, MigrationId = id,
                    InjectFault = request.InjectFault, Baseline = request.Baseline, Parent = _parentDump ?? "" },
                deadline: Deadline(), cancellationToken: cancellationToken);
            result.CriuFrozenMs = reply.FrozenMs;
            result.DowntimeMs += reply.ElapsedMs;
        }).ConfigureAwait(false);
    }

    /// <summary>Sends the images and changed files while the core already routes to the destination: both
    /// namespaces drop TCP now, so moving the route early costs nothing and saves its time later.</summary>
    public async Task TransferAndSwitchAsync(CancellationToken cancellationToken)
    {
        var network = Step(MigrationExecutor.Network, $"routing {service.Ip} to {request.Destination}", async () =>
        {
            await flows.RouteAsync(service.Ip, request.Destination, cancellationToken).ConfigureAwait(false);
            _routeMoved = true;
        });
        var transfer = Step(MigrationExecutor.Transfer, $"sending state to {request.Destination}",
            async () =>
            {
                var reply = await Send("final", cancellationToken).ConfigureAwait(false);
                result.FreezeBytes = reply.WireBytes;
                result.FreezeRawBytes = reply.RawBytes;
                result.PagesDirtiedFinal = reply.PagesDirtied;
            });
        await Task.WhenAll(network, transfer).ConfigureAwait(false);
        result.DowntimeMs += Math.Max(PhaseMs(MigrationExecutor.Network), PhaseMs(MigrationExecutor.Transfer));
    }

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await Step(MigrationExecutor.Restore, $"restoring on {request.Destination}", async () =>
        {
            var reply = await destination.RestoreAsync(
                new RestoreRequest
                {
                    Name = service.Name, MigrationId = id, InjectFault = request.InjectFault, Baseline = request.Baseline,
                },
                deadline: Deadline(), cancellationToken: cancellationToken);
            result.CriuRestoreMs = reply.CriuRestoreMs;
            result.DowntimeMs += reply.ElapsedMs;
        }).ConfigureAwait(false);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Step(MigrationExecutor.Commit, $"releasing the copy on {service.Host}", async () =>
        {
            await source.ReleaseAsync(_ref, deadline: Deadline(), cancellationToken: cancellationToken);
        }).ConfigureAwait(false);
    }

    /// <summary>Undoes every step: route back, destination cleaned, source resumed. Returns true when the
    /// service runs on the source again and nothing of it may be left elsewhere.</summary>
    public async Task<bool> RollBackAsync()
    {
        progress("rollback", _sourceTouched ? $"bringing {service.Name} back on {service.Host}"
            : $"cleaning up {request.Destination}; {service.Name} kept running on {service.Host}");
        var routed = StepOutcome.Done;
        if (_routeMoved)
        {
            routed = await Try(() => flows.RouteAsync(service.Ip, service.Host, CancellationToken.None))
                .ConfigureAwait(false);
        }

        // The route comes back first, then the destination is cleaned (its namespace holds the same IP and
        // must not linger), then the source resumes.
        var aborted = await Try(async () => await destination.AbortAsync(_ref,
                deadline: DateTime.UtcNow + AbortTimeout),
            $"{request.Destination} did not answer, so what it holds of {service.Name} (" +
            (_sourceTouched ? "its namespace, perhaps a copy CRIU restored" : "a prepared namespace") +
            ", cut off from the network) stays there until recovery removes it")
            .ConfigureAwait(false);
        DestinationCleaned = aborted == StepOutcome.Done;

        // An untouched service needs no resume: the call is only a safeguard then, and its failure no problem.
        var resumed = await Try(async () => await source.ResumeAsync(_ref, deadline: Deadline()),
            $"{service.Host} did not answer, so {service.Name} could not resume there; recovery retries every 5 s",
            record: _sourceTouched).ConfigureAwait(false);
        ServiceBack = routed == StepOutcome.Done && (resumed == StepOutcome.Done || !_sourceTouched);
        return ServiceBack && aborted != StepOutcome.Silent;
    }

    private async Task<SendStateReply> Send(string part, CancellationToken cancellationToken)
    {
        var reply = await source.SendStateAsync(new SendStateRequest
        {
            Name = service.Name, MigrationId = id, Part = part, PeerAddress = DestinationAddress,
            BandwidthBps = request.BandwidthBps, Chunked = part == "final" && Strategy == MigrationStrategies.PreCopy,
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        result.BytesSent += reply.WireBytes;
        result.RawBytes += reply.RawBytes;
        return reply;
    }

    private string DestinationAddress =>
        _destinationAddress ?? throw new InvalidOperationException("destination not planned");

    private async Task Step(string phase, string message, Func<Task> action)
    {
        progress(phase, message);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new MigrationFailedException(phase, e.Message, e);
        }
        finally
        {
            lock (result)
            {
                result.Phases.Add(new PhaseTiming { Phase = phase, Ms = stopwatch.Elapsed.TotalMilliseconds });
            }
        }
    }

    private double PhaseMs(string phase) => result.Phases.Where(p => p.Phase == phase).Sum(p => p.Ms);

    /// <summary>Whether the rollback removed what the migration created on the destination.</summary>
    public bool DestinationCleaned { get; private set; }

    /// <summary>Whether the rollback moved the route back and resumed the service on the source.</summary>
    public bool ServiceBack { get; private set; }

    /// <summary>Problems met while rolling back, for the result's error text.</summary>
    public List<string> RollbackErrors { get; } = [];

    private enum StepOutcome { Done, Failed, Silent }

    // noAnswer says what an agent's silence means for this step, in place of gRPC's connection text.
    private async Task<StepOutcome> Try(Func<Task> action, string? noAnswer = null, bool record = true)
    {
        try
        {
            await action().ConfigureAwait(false);
            return StepOutcome.Done;
        }
        catch (Exception e)
        {
            var silent = noAnswer is not null
                && e is Grpc.Core.RpcException rpc && AgentDirectory.IsSilence(rpc);
            if (record)
            {
                RollbackErrors.Add(silent ? noAnswer!
                    : e is Grpc.Core.RpcException failed ? failed.Status.Detail : e.Message);
            }

            return silent ? StepOutcome.Silent : StepOutcome.Failed;
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + callTimeout;
}
