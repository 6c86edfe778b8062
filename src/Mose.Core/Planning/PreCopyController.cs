namespace Mose.Core.Planning;

/// <summary>What the controller decided after a round.</summary>
public enum RoundAction
{
    Continue,
    Stop,
    Abort,
}

/// <summary>One decision and why.</summary>
public sealed record RoundDecision(RoundAction Action, string Reason);

/// <summary>One measured pre-copy round.</summary>
public sealed record RoundObservation(int Round, long PagesPresent, long PagesDirtied, long Bytes, double Ms);

/// <summary>
/// Re-plans during pre-copy. After each round it re-estimates the write rate from what the round found
/// dirtied, predicts the downtime of freezing now and of one more round, and decides: stop when the rounds
/// stopped shrinking or another round would miss the total-time target; go on past the plan while the
/// downtime target is not yet reachable and time remains; abort (the service stays on the source) when a
/// hard target can no longer be met by any remaining choice.
/// </summary>
public sealed class PreCopyController(MigrationConfig plan, ServiceLoad load, ModelContext context,
    KpiTargets targets, int maxRounds, double margin = TargetCheck.DefaultMargin)
{
    private readonly long _bps = load.RawBps(MigrationModel.EffectiveBps(plan.BandwidthBps, context.LinkBps));

    /// <summary>The write rate the last decision used, pages/s.</summary>
    public double EstimatedRate { get; private set; } = load.DirtyPagesPerSecond;

    public RoundDecision Decide(IReadOnlyList<RoundObservation> rounds, TimeSpan elapsed)
    {
        var last = rounds[^1];
        var state = load with
        {
            StateBytes = Math.Max(load.StateBytes, last.PagesPresent * DirtySet.PageSize),
            DirtyPagesPerSecond = EstimatedRate,
        };
        if (rounds.Count >= 2)
        {
            EstimatedRate = DirtySet.Rate(state.Pages - state.Hot, rounds[^1].PagesDirtied - state.Hot,
                rounds[^2].Ms / 1000);
            state = state with { DirtyPagesPerSecond = EstimatedRate };
        }

        var now = Freeze(state, last.Ms, elapsed.TotalMilliseconds);
        var roundMs = context.Source[ModelPhases.RoundNext].At(state.StateMiB)
            + MigrationModel.WireMs(now.Bytes, _bps);
        var next = Freeze(state, roundMs, elapsed.TotalMilliseconds + roundMs);
        var downtimeOk = Meets(now.Downtime, targets.MaxDowntimeMs);
        var says = $"freezing now: downtime {TargetCheck.Ms(now.Downtime)}, total {TargetCheck.Ms(now.Total)}; " +
            $"after one more round: {TargetCheck.Ms(next.Downtime)}, {TargetCheck.Ms(next.Total)} " +
            $"(rate {EstimatedRate:F0} pages/s)";

        if (last.Bytes <= RoundRule.SmallEnoughBytes(plan.BandwidthBps))
        {
            return Stop($"converged: round {last.Round} sent {last.Bytes / 1024} KiB; {says}");
        }

        if (targets.Hard && targets.MaxTotalMs > 0 && now.Total > targets.MaxTotalMs)
        {
            return new(RoundAction.Abort, $"the total-time target {TargetCheck.Ms(targets.MaxTotalMs)} cannot " +
                $"be met any more; {says}");
        }

        var shrinking = rounds.Count < 2 || !RoundRule.NotShrinking(last.Bytes, rounds[^2].Bytes);
        var nextFits = targets.MaxTotalMs <= 0 || Meets(next.Total, targets.MaxTotalMs);
        if (!shrinking || !nextFits || rounds.Count >= maxRounds)
        {
            var why = !shrinking ? $"rounds stopped shrinking ({last.Bytes / 1024} KiB after " +
                    $"{rounds[^2].Bytes / 1024} KiB)"
                : !nextFits ? "another round would miss the total-time target"
                : $"round budget of {maxRounds} spent";
            if (!downtimeOk && targets.Hard && now.Downtime > targets.MaxDowntimeMs)
            {
                return new(RoundAction.Abort, $"{why}, and the downtime target " +
                    $"{TargetCheck.Ms(targets.MaxDowntimeMs)} cannot be met; {says}");
            }

            return Stop($"{why}; {says}");
        }

        // The first round cannot tell the write rate (it sends everything), so at least two run.
        var planned = Math.Max(MigrationModel.MinRounds, plan.Rounds);
        if (rounds.Count >= planned && downtimeOk)
        {
            return Stop($"planned rounds done and the downtime target is reachable; {says}");
        }

        return rounds.Count >= planned
            ? new(RoundAction.Continue, $"past the plan: the downtime target is not reachable yet and time " +
                $"remains; {says}")
            : new(RoundAction.Continue, $"round {last.Round} of {planned} planned; {says}");
    }

    private bool Meets(double value, double limit) => limit <= 0 || value * (1 + margin) <= limit;

    private static RoundDecision Stop(string reason) => new(RoundAction.Stop, reason);

    // Downtime and total time of freezing after a last round of lastRoundMs, elapsedMs into the migration.
    private (double Downtime, double Total, double Bytes) Freeze(ServiceLoad state, double lastRoundMs,
        double elapsedMs)
    {
        var bytes = MigrationModel.FreezeVolume(state, lastRoundMs);
        var freeze = MigrationModel.Freeze(context, state.StateMiB, bytes, _bps, cold: false, load.Returns);
        return (freeze.DowntimeMs, elapsedMs + freeze.StepsMs + context.Source[ModelPhases.Commit].At(state.StateMiB),
            bytes);
    }
}
