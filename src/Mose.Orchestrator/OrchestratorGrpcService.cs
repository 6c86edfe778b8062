using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Mose.Contracts.Agent;
using Mose.Contracts.Orchestrator;
using Mose.Core.Services;
using Mose.Network.Lab;
using Mose.Orchestrator.Design;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Registry;

namespace Mose.Orchestrator;

/// <summary>The orchestrator's gRPC edge.</summary>
public sealed partial class OrchestratorGrpcService(AgentDirectory agents, ServiceRegistry registry, IFlowSwitch flows,
    MigrationExecutor executor, MigrationGate gate, IHostApplicationLifetime lifetime, Store.MigrationHistory history,
    Store.ModelStore models, Store.AgentLog agentLog, LinkMeter links, Design.PlanService plans,
    Recovery.MigrationJournal journal)
    : Contracts.Orchestrator.Orchestrator.OrchestratorBase
{
    public override async Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        var reply = new StatusReply();
        // By name and host: an incoming copy left on another host must not hide the one the registry names.
        var services = new Dictionary<(string Name, string Host), ServiceInfo>();
        foreach (var host in agents.Hosts)
        {
            var status = new HostStatus { Name = host };
            try
            {
                var client = agents.Get(host);
                var deadline = DateTime.UtcNow.AddSeconds(10);
                var info = await client.DescribeAsync(new DescribeRequest(), deadline: deadline);
                status.Reachable = true;
                status.DataAddress = info.DataAddress;
                status.CriuVersion = info.CriuVersion;
                status.TcpEstablished = info.TcpEstablished;
                status.DirtyTracking = info.DirtyTracking;
                status.Strategies.AddRange(info.Strategies);
                status.ChunkStoreBytes = info.ChunkStoreBytes;
                agentLog.Seen(host, agents.AddressOf(host), Google.Protobuf.JsonFormatter.Default.Format(status));
                var list = await client.ListServicesAsync(new ListServicesRequest(), deadline: deadline);
                foreach (var s in list.Services)
                {
                    services[(s.Spec.Name, host)] = s;
                }
            }
            catch (RpcException e)
            {
                status.Error = e.StatusCode == StatusCode.Unavailable
                    ? "the agent does not answer (not running?); `mose lab up` restarts it"
                    : e.Status.Detail;
            }

            reply.Hosts.Add(status);
        }

        // A move that recovery still has to finish or undo is what a person asking needs to know first.
        var pendingMoves = journal.Pending().ToDictionary(e => e.Service);
        foreach (var p in registry.All())
        {
            var state = services.TryGetValue((p.Name, p.Host), out var info) ? info.State : "unknown";
            if (pendingMoves.TryGetValue(p.Name, out var pending))
            {
                state += journal.IsMoving(p.Name)
                    ? $", migrating {pending.Source} → {pending.Destination}"
                    : $", awaiting recovery of its move {pending.Source} → {pending.Destination}";
            }

            var placement = new ServicePlacement { Name = p.Name, Kind = p.Kind, Ip = p.Ip, Host = p.Host,
                State = state };
            placement.Ports.AddRange(p.Ports);
            reply.Services.Add(placement);
        }

        return reply;
    }

    public override async Task<ServicePlacement> Deploy(DeployServiceRequest request, ServerCallContext context)
    {
        var problems = new List<string>();
        var kind = ServiceCatalog.Find(request.Kind);
        if (kind is null)
        {
            problems.Add($"unknown service kind '{request.Kind}'; known kinds: " +
                string.Join(", ", ServiceCatalog.All.Select(k => k.Name)));
        }

        var name = string.IsNullOrEmpty(request.Name) ? request.Kind : request.Name;
        if (ServiceNames.Validate(name) is { } nameError)
        {
            problems.Add(nameError);
        }
        else if (registry.Find(name) is { } existing)
        {
            problems.Add($"a service named '{name}' already runs on {existing.Host}; pick another --name");
        }

        if (!agents.Contains(request.Host))
        {
            problems.Add($"unknown host '{request.Host}'; known hosts: {string.Join(", ", agents.Hosts)}");
        }

        if (problems.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", problems)));
        }

        var placement = new Placement(name, kind!.Name, registry.AllocateIp(LabTopology.ServicePrefix), kind.Ports,
            request.Args.Count > 0 ? request.Args : kind.Args, request.Host);
        var spec = placement.ToSpec();
        try
        {
            await agents.Get(request.Host).DeployAsync(new DeployRequest { Spec = spec },
                deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: context.CancellationToken);
        }
        catch (RpcException e)
        {
            throw AgentDirectory.Failed(request.Host, "deploy", e);
        }

        await flows.RouteAsync(placement.Ip, request.Host, context.CancellationToken).ConfigureAwait(false);
        registry.Put(placement);
        var reply = new ServicePlacement { Name = name, Kind = kind.Name, Ip = placement.Ip, Host = request.Host,
            State = "running" };
        reply.Ports.AddRange(placement.Ports);
        return reply;
    }

    public override async Task<ServiceProfile> Profile(ProfileServiceRequest request, ServerCallContext context)
    {
        var placement = registry.Find(request.Service) ?? throw new RpcException(new Status(StatusCode.NotFound,
            $"unknown service '{request.Service}'; known services: " +
            string.Join(", ", registry.All().Select(s => s.Name))));
        if (request.Seconds is < 0.5 or > 600 || double.IsNaN(request.Seconds))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"profile duration {request.Seconds} s out of range: use 0.5 to 600 s"));
        }

        ProfileReply reply;
        try
        {
            reply = await agents.Get(placement.Host).ProfileDirtyRateAsync(
                new ProfileRequest { Name = placement.Name, Seconds = request.Seconds },
                deadline: DateTime.UtcNow.AddSeconds(request.Seconds + 60), cancellationToken: context.CancellationToken);
        }
        catch (RpcException e)
        {
            throw AgentDirectory.Failed(placement.Host, "profiling", e);
        }

        return new ServiceProfile
        {
            Service = placement.Name, Host = placement.Host, PagesPresent = reply.PagesPresent,
            DirtyPagesPerSecond = reply.DirtyPagesPerSecond, Rounds = reply.Rounds, ReadMs = reply.ReadMs,
            ReadMibPerSecond = reply.ReadMibPerSecond, HotPages = reply.HotPages,
        };
    }

    public override async Task<RemoveServiceReply> Remove(RemoveServiceRequest request, ServerCallContext context)
    {
        // Wait for any migration first: the service's host is only known once it is over.
        await gate.EnterAsync(context.CancellationToken).ConfigureAwait(false);
        try
        {
            var placement = registry.Find(request.Name) ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"unknown service '{request.Name}'; known services: " +
                string.Join(", ", registry.All().Select(s => s.Name))));
            if (journal.Unfinished(placement.Name) is { } unfinished)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, unfinished));
            }

            try
            {
                await agents.Get(placement.Host).RemoveAsync(new ServiceRef { Name = placement.Name },
                    deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: context.CancellationToken);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // The agent no longer has it (e.g. its host was rebuilt): forgetting it is all that is left.
            }
            catch (RpcException e)
            {
                throw AgentDirectory.Failed(placement.Host, $"removing {placement.Name}", e);
            }

            await flows.UnrouteAsync(placement.Ip, context.CancellationToken).ConfigureAwait(false);
            registry.Remove(placement.Name);
            return new RemoveServiceReply { Host = placement.Host };
        }
        finally
        {
            gate.Exit();
        }
    }

    public override async Task Migrate(MigrateRequest request, IServerStreamWriter<MigrationEvent> responseStream,
        ServerCallContext context)
    {
        // Progress goes through a channel so the saga never waits on a slow or vanished client, and the
        // migration runs on the orchestrator's lifetime: a client that disconnects does not strand a service
        // half-way.
        var events = Channel.CreateUnbounded<MigrationEvent>();
        await gate.EnterAsync(context.CancellationToken).ConfigureAwait(false);
        var run = Task.Run(async () =>
        {
            try
            {
                var result = await executor.MigrateAsync(request,
                    (phase, message) => events.Writer.TryWrite(new MigrationEvent { Phase = phase, Message = message }),
                    lifetime.ApplicationStopping).ConfigureAwait(false);
                events.Writer.TryWrite(new MigrationEvent { Phase = "done", Done = true, Result = result });
            }
            finally
            {
                events.Writer.TryComplete();
                gate.Exit();
            }
        });

        try
        {
            await foreach (var e in events.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(e).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left; the migration finishes on its own and the registry records the outcome.
        }

        await run.ConfigureAwait(false);
    }
}
