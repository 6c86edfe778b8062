using Grpc.Core;
using Mose.Contracts.Agent;

namespace Mose.Transfer.Tests;

/// <summary>
/// The two state RPCs of the agent, wired the way the real agent is expected to wire them.
/// </summary>
internal sealed class ReceivingAgent(StateReceiver receiver) : Agent.AgentBase
{
    public override Task<StateNeeds> OfferState(StateManifest request, ServerCallContext context) =>
        receiver.OfferAsync(request, context.CancellationToken);

    public override Task<PushStateReply> PushState(IAsyncStreamReader<StateChunk> requestStream,
        ServerCallContext context) =>
        receiver.ReceiveAsync(requestStream.ReadAllAsync(context.CancellationToken),
            context.CancellationToken);
}
