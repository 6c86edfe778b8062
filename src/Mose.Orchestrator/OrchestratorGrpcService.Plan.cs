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
        // A host that cannot be asked is the lab's state, not the task's fault: the CLI exits 4, not 1.
        return plan.Reply ?? throw new RpcException(new Status(
            plan.HostsDown ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument, string.Join("; ", plan.Problems)));
    }
}
