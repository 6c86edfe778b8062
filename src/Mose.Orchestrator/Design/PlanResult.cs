using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Design;

/// <summary>A plan, or the problems that refused it. <see cref="HostsDown"/>: the task was valid but a host
/// could not be asked or measured (the lab is partly down), not the task's fault.</summary>
public sealed record PlanResult(PlanReply? Reply, DesignOutcome? Outcome, ServiceLoad? Load, ModelContext? Context,
    IReadOnlyList<string> Problems, bool HostsDown = false)
{
    public static PlanResult Refused(IReadOnlyList<string> problems) => new(null, null, null, null, problems);

    public static PlanResult Unreachable(IReadOnlyList<string> problems) =>
        new(null, null, null, null, problems, HostsDown: true);
}
