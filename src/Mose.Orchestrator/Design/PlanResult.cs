using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Design;

/// <summary>A plan, or the problems that refused it.</summary>
public sealed record PlanResult(PlanReply? Reply, DesignOutcome? Outcome, ServiceLoad? Load, ModelContext? Context,
    IReadOnlyList<string> Problems)
{
    public static PlanResult Refused(IReadOnlyList<string> problems) => new(null, null, null, null, problems);
}
