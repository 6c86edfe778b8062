using Mose.Cli.Bench;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Tests.Designer;

/// <summary>Hand-made rows of the designer benchmark.</summary>
internal static class Rows
{
    public const long Link = 1_000_000_000;

    /// <summary>A successful designed migration with the given prediction and measurement.</summary>
    public static DesignerRow Moved(string service, DesignerTaskKind kind, double predDown, double predTotal,
        double down, double total, long capBps = 0, bool feasible = true, int run = 1,
        long bytes = 100_000_000, double precopyMs = 0, double transferMs = 1000)
    {
        var task = DesignerTasks.Build(kind, service, "edge2",
            new Prediction { DowntimeMs = predDown, TotalMs = predTotal });
        var result = new MigrationResult
        {
            Success = true, DowntimeMs = down, TotalMs = total, BytesSent = bytes, RawBytes = bytes,
            LinkBps = Link, Strategy = precopyMs > 0 ? "precopy" : "cold", RunningOn = "edge2",
            Plan = Plan(predDown, predTotal, capBps, feasible, bytes),
        };
        result.Phases.Add(new PhaseTiming { Phase = "transfer", Ms = transferMs });
        if (precopyMs > 0)
        {
            result.Phases.Add(new PhaseTiming { Phase = "precopy", Ms = precopyMs });
        }

        return new DesignerRow(run, service, kind, "edge1", task, result, ExitCodes.Ok)
            { HostAfter = "edge2" };
    }

    /// <summary>A designed migration that failed (and rolled back), with a wild prediction.</summary>
    public static DesignerRow Failed(string service, DesignerTaskKind kind)
    {
        var row = Moved(service, kind, 5000, 50_000, 100, 100);
        row.Result.Success = false;
        row.Result.FailedPhase = "restore";
        return row;
    }

    /// <summary>A task the orchestrator refused in its plan phase, the service left where it was.</summary>
    public static DesignerRow Refused(string service, string error, int exitCode = ExitCodes.Usage,
        string hostAfter = "edge1", params string[] stateProblems)
    {
        var task = DesignerTasks.Build(DesignerTaskKind.InfeasibleHard, service, "edge2");
        var result = new MigrationResult
        {
            FailedPhase = "plan", Error = error, RunningOn = "edge1",
            Plan = Plan(1000, 2000, 0, feasible: false, 100_000_000,
                "downtime 1000 ms > 50 ms (+950 ms, +1900%)"),
        };
        return new DesignerRow(1, service, DesignerTaskKind.InfeasibleHard, "edge1", task, result, exitCode)
            { HostAfter = hostAfter, StateProblems = stateProblems };
    }

    /// <summary>A plan with its prediction; an infeasible one names its misses.</summary>
    public static Candidate Plan(double down, double total, long capBps, bool feasible, long bytes,
        params string[] misses)
    {
        var plan = new Candidate
        {
            Config = new Configuration { Strategy = "cold", BandwidthBps = capBps },
            Predicted = new Prediction { DowntimeMs = down, TotalMs = total, Bytes = bytes },
            Feasible = feasible, Why = feasible ? "shortest downtime" : "no configuration meets every target",
        };
        plan.Misses.AddRange(misses);
        return plan;
    }
}
