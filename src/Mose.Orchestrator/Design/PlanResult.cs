using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Design;

/// <summary>A plan, or the problems that refused it. <see cref="HostsDown"/>: the task was valid but the lab's
/// state keeps it from being planned (a host cannot be asked or measured, or lacks something the move needs,
/// or the service's earlier move awaits recovery), not the task's fault.</summary>
public sealed record PlanResult(PlanReply? Reply, DesignOutcome? Outcome, ServiceLoad? Load, ModelContext? Context,
    IReadOnlyList<string> Problems, bool HostsDown = false)
{
    public static PlanResult Refused(IReadOnlyList<string> problems) => new(null, null, null, null, problems);

    public static PlanResult LabState(IReadOnlyList<string> problems) =>
        new(null, null, null, null, problems, HostsDown: true);
}
