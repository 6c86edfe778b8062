using Grpc.Core;
using Mose.Agent.Link;
using Mose.Contracts.Agent;

namespace Mose.Agent;

/// <summary>The agent's bandwidth test: the source side streams to a peer's Sink over the data address, the
/// way pre-copy chunks and state files travel.</summary>
public sealed partial class AgentGrpcService
{
    public override Task<MeasureLinkReply> MeasureLink(MeasureLinkRequest request,
        ServerCallContext context) =>
        Guard(() =>
        {
            var problems = BandwidthProbe.Validate(request).ToList();
            if (problems.Count > 0)
            {
                throw new AgentException(AgentErrorKind.Invalid, string.Join("; ", problems));
            }

            return bandwidth.SendAsync(Peer(request.PeerAddress), request, context.CancellationToken);
        });

    public override Task<SinkReply> Sink(IAsyncStreamReader<SinkChunk> requestStream,
        ServerCallContext context) =>
        Guard(() => bandwidth.CountAsync(requestStream.ReadAllAsync(context.CancellationToken),
            context.CancellationToken));
}
