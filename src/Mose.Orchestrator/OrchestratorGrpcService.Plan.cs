using Grpc.Core;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Design;

namespace Mose.Orchestrator;

/// <summary>The designer's edge: plans a task without touching anything.</summary>
public sealed partial class OrchestratorGrpcService
{
    public override async Task<PlanReply> Plan(MigrationTask request, ServerCallContext context)
    {
        var plan = await plans.PlanAsync(request, context.CancellationToken).ConfigureAwait(false);
        return plan.Reply ?? throw new RpcException(new Status(StatusCode.InvalidArgument,
            string.Join("; ", plan.Problems)));
    }
}
