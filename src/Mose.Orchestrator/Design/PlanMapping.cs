using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Design;

/// <summary>Converts the designer's answer into the contract's messages.</summary>
public static class PlanMapping
{
    public static Candidate ToCandidate(PlanCandidate c)
    {
        var candidate = new Candidate
        {
            Config = new Configuration
            {
                Strategy = c.Config.Strategy, Rounds = c.Config.Rounds, BandwidthBps = c.Config.BandwidthBps,
            },
            Predicted = new Prediction
            {
                DowntimeMs = c.Predicted.DowntimeMs, TotalMs = c.Predicted.TotalMs, Bytes = c.Predicted.Bytes,
                CpuSeconds = c.Predicted.CpuSeconds, Availability = c.Predicted.Availability,
                LatencyMs = c.Predicted.LatencyMs,
            },
            Feasible = c.Feasible,
            Score = c.Score,
            Why = c.Why,
        };
        candidate.Misses.AddRange(c.Misses);
        return candidate;
    }

    public static PlanReply ToReply(MigrationTask task, DesignOutcome outcome, PlanInputs inputs)
    {
        // The reply says which objective was used, also when the task left it to the default.
        task = task.Clone();
        var objective = TaskValidation.ToObjective(task.Objective);
        task.Objective = new Objective { Kind = objective.Kind, DowntimeWeight = objective.DowntimeWeight };
        var reply = new PlanReply
        {
            Task = task, Chosen = ToCandidate(outcome.Chosen), Feasible = outcome.Feasible, Inputs = inputs,
        };
        reply.RunnersUp.AddRange(outcome.RunnersUp.Select(ToCandidate));
        reply.Infeasible.AddRange(outcome.Infeasible);
        return reply;
    }
}
