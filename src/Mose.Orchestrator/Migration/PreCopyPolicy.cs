using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Migration;

/// <summary>
/// When to stop pre-copy rounds and freeze. Round i sends what was dirtied during round i−1, so the last
/// round's volume is the best estimate of what the freeze will have to send. The rounds stop when that is
/// small enough, when it no longer shrinks (the service dirties pages as fast as they travel), or when the
/// round or time budget is spent. The reason is recorded with the migration.
/// </summary>
public sealed record PreCopyPolicy(int MaxRounds, TimeSpan TimeBudget, long BandwidthBps) : IRoundJudge
{
    /// <summary>Rounds when the request names no budget.</summary>
    public const int DefaultRounds = 8;

    /// <summary>The largest round budget accepted.</summary>
    public const int MaxRoundsLimit = 50;

    /// <summary>Time for the rounds when the request names no budget.</summary>
    public static readonly TimeSpan DefaultTimeBudget = TimeSpan.FromMinutes(5);

    /// <summary>The policy of a request, with defaults for what it leaves out.</summary>
    public static PreCopyPolicy From(MigrateRequest request) => new(
        request.MaxRounds > 0 ? request.MaxRounds : DefaultRounds,
        request.TimeBudgetMs > 0 ? TimeSpan.FromMilliseconds(request.TimeBudgetMs) : DefaultTimeBudget,
        request.BandwidthBps);

    /// <summary>Bytes small enough to send during the freeze.</summary>
    public long SmallEnoughBytes => RoundRule.SmallEnoughBytes(BandwidthBps);

    public RoundDecision Decide(IReadOnlyList<RoundStats> rounds, TimeSpan elapsed) =>
        StopReason(rounds, elapsed) is { } reason ? new(RoundAction.Stop, reason) : new(RoundAction.Continue, "");

    /// <summary>Null to go on with another round, or why the rounds end now.</summary>
    public string? StopReason(IReadOnlyList<RoundStats> rounds, TimeSpan elapsed)
    {
        if (rounds.Count == 0)
        {
            return null;
        }

        var last = rounds[^1];
        if (last.RawBytes <= SmallEnoughBytes)
        {
            return $"converged: round {last.Round} sent {Kib(last.RawBytes)}, at most {Kib(SmallEnoughBytes)} " +
                "is left for the freeze";
        }

        if (rounds.Count >= 2 && RoundRule.NotShrinking(last.RawBytes, rounds[^2].RawBytes))
        {
            return $"not shrinking: round {last.Round} sent {Kib(last.RawBytes)} after {Kib(rounds[^2].RawBytes)}";
        }

        if (rounds.Count >= MaxRounds)
        {
            return $"round budget of {MaxRounds} spent";
        }

        return elapsed >= TimeBudget ? $"time budget of {TimeBudget.TotalSeconds:F0} s spent" : null;
    }

    private static string Kib(long bytes) => $"{bytes / 1024.0:F0} KiB";
}
