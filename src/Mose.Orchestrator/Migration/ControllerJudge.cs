using Microsoft.Extensions.Logging;
using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Migration;

/// <summary>
/// The controller at work in a migration planned against targets: each round goes to
/// <see cref="PreCopyController"/>, and every decision is logged and recorded with the migration.
/// </summary>
internal sealed partial class ControllerJudge(PreCopyController controller, MigrationResult result,
    TimeProvider time, long startedAt, ILogger logger) : IRoundJudge
{
    public RoundDecision Decide(IReadOnlyList<RoundStats> rounds, TimeSpan elapsed)
    {
        var sinceStart = time.GetElapsedTime(startedAt);
        var observed = rounds
            .Select(r => new RoundObservation(r.Round, r.PagesPresent, r.PagesDirtied, r.RawBytes, r.Ms))
            .ToList();
        var decision = controller.Decide(observed, sinceStart);
        var action = decision.Action.ToString().ToLowerInvariant();
        lock (result)
        {
            result.Decisions.Add(new Decision
            {
                Round = rounds[^1].Round, Action = action, Reason = decision.Reason,
                AtMs = sinceStart.TotalMilliseconds,
            });
        }

        LogDecision(result.Service, rounds[^1].Round, action, decision.Reason);
        return decision;
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Information,
        Message = "Controller, {Service} after round {Round}: {Action} ({Reason})")]
    private partial void LogDecision(string service, int round, string action, string reason);
}
