using Grpc.Core;
using Mose.Agent.PreCopy;
using Mose.Contracts.Agent;
using Mose.Transfer;

namespace Mose.Agent;

/// <summary>The agent's pre-copy calls: rounds, profiling, CRIU pre-dumps, and the peer side of chunks.</summary>
public sealed partial class AgentGrpcService
{
    public override Task<PreCopyRoundReply> PreCopyRound(PreCopyRoundRequest request, ServerCallContext context) =>
        Guard(() =>
        {
            engine.RequireRecord(request.Name);
            return preCopy.RoundAsync(request, Peer(request.PeerAddress), context.CancellationToken);
        });

    public override Task<ProfileReply> ProfileDirtyRate(ProfileRequest request, ServerCallContext context) =>
        Guard(() =>
        {
            engine.RequireRecord(request.Name);
            if (request.Seconds is < 0.1 or > 600 || double.IsNaN(request.Seconds))
            {
                throw new AgentException(AgentErrorKind.Invalid, $"profile duration {request.Seconds} s out of range");
            }

            return preCopy.ProfileAsync(request.Name, TimeSpan.FromSeconds(request.Seconds), context.CancellationToken);
        });

    public override Task<PreDumpReply> PreDump(PreDumpRequest request, ServerCallContext context) =>
        Guard(() => engine.PreDumpAsync(request.Name, request.Round, Uninterrupted));

    public override Task<ChunkQuery> MissingChunks(ChunkQuery request, ServerCallContext context) =>
        Guard(() => chunks.MissingAsync(request));

    public override Task<PushChunksReply> PushChunks(IAsyncStreamReader<ChunkBatch> requestStream,
        ServerCallContext context) =>
        Guard(() => chunks.PushAsync(requestStream.ReadAllAsync(context.CancellationToken), context.CancellationToken));

    public override Task<Empty> UpdateDrafts(DraftLayout request, ServerCallContext context) =>
        Guard(() => Task.FromResult(chunks.UpdateDrafts(request)));

    public override Task<AssembleReply> AssembleImages(ImageRecipe request, ServerCallContext context) =>
        Guard(() =>
        {
            if (engine.RequireRecord(request.Name).State != Services.ServiceRecord.Incoming)
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{request.Name}' is not an incoming migration on {options.Name}");
            }

            return chunks.AssembleAsync(request, context.CancellationToken);
        });

    private async Task<SendStateReply> SendImagesAsync(SendStateRequest request, Contracts.Agent.Agent.AgentClient peer,
        CancellationToken cancellationToken)
    {
        await using var pusher = new ChunkPusher(peer, request.Name, request.MigrationId, request.BandwidthBps / 8,
            time, cancellationToken);
        return await ImageSender.SendAsync(pusher, peer, request.Name, request.MigrationId,
            engine.Workspace(request.Name).Images, preCopy.PeerHas(request.Name, request.MigrationId),
            cancellationToken).ConfigureAwait(false);
    }
}
