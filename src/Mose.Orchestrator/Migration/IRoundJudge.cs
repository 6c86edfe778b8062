using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Migration;

/// <summary>Decides after each pre-copy round whether to go on, freeze, or give up.</summary>
public interface IRoundJudge
{
    /// <summary>The decision after <paramref name="rounds"/>, <paramref name="elapsed"/> into the rounds.</summary>
    RoundDecision Decide(IReadOnlyList<RoundStats> rounds, TimeSpan elapsed);
}
