using Grpc.Core;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Design;

namespace Mose.Orchestrator;

/// <summary>The orchestrator's bandwidth measurement between two agents.</summary>
public sealed partial class OrchestratorGrpcService
{
    /// <summary>Measures now (a person asking wants a new number); the designer may reuse the
    /// result.</summary>
    public override async Task<LinkReply> MeasureLink(LinkRequest request, ServerCallContext context)
    {
        LinkMeasurement measured;
        try
        {
            measured = await links.MeasureAsync(request.Source, request.Destination, fresh: true,
                request.Seconds, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (LinkMeasurementException e)
        {
            var code = e.InvalidRequest ? StatusCode.InvalidArgument : StatusCode.FailedPrecondition;
            throw new RpcException(new Status(code, e.Message));
        }

        return new LinkReply
        {
            Source = request.Source, Destination = request.Destination, BitsPerSecond = measured.Bps,
            Bytes = measured.Bytes, Ms = measured.Ms,
        };
    }
}
