using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Mose.Contracts;
using Mose.Contracts.Agent;
using Mose.Agent.Link;
using Mose.Agent.PreCopy;
using Mose.Runtime;
using Mose.Transfer;
using Mose.Transfer.Chunks;

namespace Mose.Agent;

/// <summary>The agent's gRPC edge: thin, maps expected refusals and faults to status codes.</summary>
public sealed partial class AgentGrpcService(AgentOptions options, ServiceEngine engine,
    HostCapabilities capabilities, StateReceiver receiver, StateSender sender, PreCopySource preCopy,
    ChunkReceiver chunks, BandwidthProbe bandwidth, TimeProvider time) : Contracts.Agent.Agent.AgentBase
{
    private static readonly ConcurrentDictionary<string, GrpcChannel> Peers = new();

    // Dump, restore and resume run to their end even if the orchestrator goes away meanwhile: CRIU stopped
    // half-way leaves a frozen or half-built service, while a finished step is something recovery can use.
    // Each step has its own timeout in the runtime driver.
    private static CancellationToken Uninterrupted => CancellationToken.None;

    public override Task<HostInfo> Describe(DescribeRequest request, ServerCallContext context) =>
        Guard(() => capabilities.DescribeAsync(context.CancellationToken));

    public override Task<ServiceInfo> Deploy(DeployRequest request, ServerCallContext context) =>
        Guard(() => engine.DeployAsync(request.Spec ?? new ServiceSpec(), context.CancellationToken));

    public override Task<ListServicesReply> ListServices(ListServicesRequest request, ServerCallContext context) =>
        Guard(async () =>
        {
            var reply = new ListServicesReply();
            reply.Services.AddRange(await engine.ListAsync(context.CancellationToken).ConfigureAwait(false));
            return reply;
        });

    public override Task<Empty> Remove(ServiceRef request, ServerCallContext context) =>
        Guard(async () =>
        {
            await engine.RemoveAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
            return new Empty();
        });

    public override Task<PrepareReply> Prepare(PrepareRequest request, ServerCallContext context) =>
        Guard(() => engine.PrepareAsync(request.Spec ?? new ServiceSpec(), request.Baseline, context.CancellationToken));

    public override Task<CheckpointReply> Checkpoint(CheckpointRequest request, ServerCallContext context) =>
        Guard(() => engine.CheckpointAsync(request.Name, request.InjectFault, request.Baseline, Uninterrupted,
            request.Parent));

    public override Task<SendStateReply> SendState(SendStateRequest request, ServerCallContext context) =>
        Guard(async () =>
        {
            engine.RequireRecord(request.Name);
            var started = time.GetTimestamp();
            IReadOnlyList<string> include = request.Part switch
            {
                "bundle" => ["bundle"],
                "final" when request.Chunked => ["bundle"],
                "final" => ["bundle", "images"],
                "predump" => [ServiceEngine.PreDumpDirectory],
                _ => throw new AgentException(AgentErrorKind.Invalid,
                    $"unknown state part '{request.Part}'; expected bundle, final or predump"),
            };
            var peer = Peer(request.PeerAddress);
            var result = await sender.SendAsync(peer, request.Name, request.MigrationId, request.Part,
                engine.Workspace(request.Name).Root, include, request.BandwidthBps / 8, context.CancellationToken)
                .ConfigureAwait(false);
            var reply = request.Chunked ? await SendImagesAsync(request, peer, context.CancellationToken)
                .ConfigureAwait(false) : new SendStateReply();
            reply.Files += result.Files;
            reply.RawBytes += result.RawBytes;
            reply.WireBytes += result.WireBytes;
            reply.SkippedFiles = result.SkippedFiles;
            reply.ElapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
            return reply;
        });

    public override Task<RestoreReply> Restore(RestoreRequest request, ServerCallContext context) =>
        Guard(async () =>
        {
            var reply = await engine.RestoreAsync(request.Name, request.InjectFault, request.Baseline, Uninterrupted)
                .ConfigureAwait(false);

            // The offered manifests were only needed to verify the files; an agent lives through many moves.
            receiver.Forget(request.Name, request.MigrationId);

            // The service runs: unpinning, flushing and trimming the store and deleting unused drafts (files
            // of hundreds of MiB) must not add to the downtime the client sees.
            _ = Task.Run(() => chunks.End(request.Name));
            return reply;
        });

    public override Task<ResumeReply> Resume(ServiceRef request, ServerCallContext context) =>
        Guard(() =>
        {
            preCopy.End(request.Name);
            return engine.ResumeAsync(request.Name, Uninterrupted);
        });

    public override Task<Empty> Abort(ServiceRef request, ServerCallContext context) =>
        Guard(async () =>
        {
            await engine.AbortAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
            receiver.Forget(request.Name, request.MigrationId);
            chunks.End(request.Name);
            return new Empty();
        });

    public override Task<Empty> Release(ServiceRef request, ServerCallContext context) =>
        Guard(async () =>
        {
            // After pre-copy the released images go to the chunk store, so a return trip finds its pages here.
            var keep = preCopy.PeerHas(request.Name, request.MigrationId) is null ? null
                : Path.Combine(options.DataRoot, "absorb", $"{request.Name}-{request.MigrationId}");
            await engine.ReleaseAsync(request.Name, context.CancellationToken, keep).ConfigureAwait(false);
            preCopy.End(request.Name);
            if (keep is not null)
            {
                chunks.Absorb(request.Name, keep);
            }

            return new Empty();
        });

    public override Task<StateNeeds> OfferState(StateManifest request, ServerCallContext context) =>
        Guard(() => receiver.OfferAsync(request, context.CancellationToken));

    public override Task<PushStateReply> PushState(IAsyncStreamReader<StateChunk> requestStream,
        ServerCallContext context) =>
        Guard(() => receiver.ReceiveAsync(requestStream.ReadAllAsync(context.CancellationToken),
            context.CancellationToken));

    private static Contracts.Agent.Agent.AgentClient Peer(string address) =>
        new(Peers.GetOrAdd(address, Channels.Create));

    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (AgentException e)
        {
            var code = e.Kind switch
            {
                AgentErrorKind.NotFound => StatusCode.NotFound,
                AgentErrorKind.Invalid => StatusCode.InvalidArgument,
                _ => StatusCode.FailedPrecondition,
            };
            throw new RpcException(new Status(code, $"{options.Name}: {e.Message}"));
        }
        catch (Exception e) when (e is RuntimeException or StateIntegrityException or ChunkCorruptException
            or Core.Processes.CommandFailedException)
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"{options.Name}: {e.Message}"));
        }
    }
}
