using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Mose.Contracts.Agent;
using AgentBase = Mose.Contracts.Agent.Agent.AgentBase;

namespace Mose.Orchestrator.Tests;

/// <summary>
/// An agent that answers the migration calls with fixed numbers, records them in a shared log, and fails
/// the calls it is told to with a gRPC status whose detail the saga should pass on.
/// </summary>
internal sealed class FakeAgent(string host, CallLog log) : AgentBase
{
    public const double CheckpointElapsedMs = 40, FrozenMs = 30, RestoreElapsedMs = 50, CriuRestoreMs = 20;
    public const long WireBytes = 100, RawBytes = 300;

    /// <summary>Calls that fail, by name ("Restore", "SendState(final)"), with the detail to fail with.</summary>
    public ConcurrentDictionary<string, string> Failures { get; } = new();

    /// <summary>The call at which the agent goes silent, as if its process died: this call and every later
    /// one fail Unavailable, with the text gRPC gives for a socket nobody listens on.</summary>
    public string? DiesOn { get; set; }

    private volatile bool _dead;

    /// <summary>The agent answers again, as after `lab up` restarted it.</summary>
    public void Revive()
    {
        DiesOn = null;
        _dead = false;
    }

    public bool TcpEstablished { get; set; } = true;

    public string CriuVersion { get; set; } = "4.2.1";

    public string[] CpuFlags { get; set; } = ["sse4_2"];

    public string DataAddress => $"{host}-data:7000";

    /// <summary>Strategies the host offers as a source, and why not the others.</summary>
    public string[] Strategies { get; set; } = ["cold", "precopy"];

    public string[] StrategyNotes { get; set; } = ["criu-predump: no soft-dirty tracking"];

    /// <summary>Bytes each pre-copy round sends, in order; the last repeats.</summary>
    public long[] RoundBytes { get; set; } = [64 << 20, 4 << 20, 1 << 20];

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<IMessage> Requests { get; } = new();

    public override Task<HostInfo> Describe(DescribeRequest request, ServerCallContext context)
    {
        var info = new HostInfo
        {
            Name = host, DataAddress = DataAddress, CriuVersion = CriuVersion, TcpEstablished = TcpEstablished,
        };
        info.CpuFlags.AddRange(CpuFlags);
        info.Strategies.AddRange(Strategies);
        info.StrategyNotes.AddRange(StrategyNotes);
        return Answer("Describe", request, info);
    }

    /// <summary>Services this agent reports as running (ListServices).</summary>
    public ConcurrentBag<string> Running { get; } = [];

    /// <summary>The state ListServices gives those services ("stopped" once their process is gone).</summary>
    public string ServiceState { get; set; } = "running";

    public override Task<ListServicesReply> ListServices(ListServicesRequest request, ServerCallContext context)
    {
        var reply = new ListServicesReply();
        reply.Services.AddRange(Running.Select(name => new ServiceInfo
        {
            Spec = new ServiceSpec { Name = name }, Host = host, State = ServiceState,
        }));
        return Answer("ListServices", request, reply);
    }

    public override Task<PrepareReply> Prepare(PrepareRequest request, ServerCallContext context) =>
        Answer("Prepare", request, new PrepareReply { ElapsedMs = 5 });

    public override Task<CheckpointReply> Checkpoint(CheckpointRequest request, ServerCallContext context) =>
        Answer("Checkpoint", request,
            new CheckpointReply { ElapsedMs = CheckpointElapsedMs, FrozenMs = FrozenMs });

    public override Task<SendStateReply> SendState(SendStateRequest request, ServerCallContext context) =>
        Answer($"SendState({request.Part})", request,
            new SendStateReply { WireBytes = WireBytes, RawBytes = RawBytes });

    public override Task<PreCopyRoundReply> PreCopyRound(PreCopyRoundRequest request, ServerCallContext context)
    {
        var bytes = RoundBytes[Math.Min(request.Round, RoundBytes.Length) - 1];
        return Answer($"PreCopyRound({request.Round})", request, new PreCopyRoundReply
        {
            Round = request.Round, PagesPresent = 16384, PagesDirtied = bytes / 4096, PagesSent = bytes / 4096,
            RawBytes = bytes, WireBytes = bytes, ReadMs = 10, ElapsedMs = 20,
        });
    }

    /// <summary>What ProfileDirtyRate answers: 64 MiB resident, idle unless a test says otherwise.</summary>
    public ProfileReply Profile { get; set; } = new() { PagesPresent = 16384, DirtyPagesPerSecond = 0, Rounds = 3 };

    public override Task<ProfileReply> ProfileDirtyRate(ProfileRequest request, ServerCallContext context) =>
        Answer("ProfileDirtyRate", request, Profile);

    public override Task<RestoreReply> Restore(RestoreRequest request, ServerCallContext context) =>
        Answer("Restore", request, new RestoreReply
        {
            ElapsedMs = RestoreElapsedMs, CriuRestoreMs = CriuRestoreMs, Pid = 4242,
        });

    public override Task<ResumeReply> Resume(ServiceRef request, ServerCallContext context) =>
        Answer("Resume", request, new ResumeReply { RestoredFromCheckpoint = true });

    public override Task<Empty> Abort(ServiceRef request, ServerCallContext context) =>
        Answer("Abort", request, new Empty());

    public override Task<Empty> Remove(ServiceRef request, ServerCallContext context) =>
        Answer("Remove", request, new Empty());

    public override Task<Empty> Release(ServiceRef request, ServerCallContext context) =>
        Answer("Release", request, new Empty());

    /// <summary>What MeasureLink answers.</summary>
    public MeasureLinkReply Link { get; set; } =
        new() { Bytes = 62_500_000, Ms = 500, BitsPerSecond = 1_000_000_000 };

    public override Task<MeasureLinkReply> MeasureLink(MeasureLinkRequest request,
        ServerCallContext context) =>
        Answer("MeasureLink", request, Link);

    private Task<T> Answer<T>(string call, IMessage request, T reply)
    {
        log.Add($"{host}:{call}");
        Requests.Enqueue(request);
        if (_dead || call == DiesOn)
        {
            _dead = true;
            throw new RpcException(new Status(StatusCode.Unavailable, "Connection refused (localhost:80)"));
        }

        if (Failures.TryGetValue(call, out var detail))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, detail));
        }

        return Task.FromResult(reply);
    }
}
