using Mose.Contracts.Orchestrator;

namespace Mose.Orchestrator.Migration;

/// <summary>
/// When to stop pre-copy rounds and freeze. Round i sends what was dirtied during round i−1, so the last
/// round's volume is the best estimate of what the freeze will have to send. The rounds stop when that is
/// small enough, when it no longer shrinks (the service dirties pages as fast as they travel), or when the
/// round or time budget is spent. The reason is recorded with the migration.
/// </summary>
public sealed record PreCopyPolicy(int MaxRounds, TimeSpan TimeBudget, long BandwidthBps)
{
    /// <summary>Rounds when the request names no budget.</summary>
    public const int DefaultRounds = 8;

    /// <summary>The largest round budget accepted.</summary>
    public const int MaxRoundsLimit = 50;

    /// <summary>Time for the rounds when the request names no budget.</summary>
    public static readonly TimeSpan DefaultTimeBudget = TimeSpan.FromMinutes(5);

    /// <summary>A round must send at most this share of the previous one to count as shrinking.</summary>
    public const double ShrinkFactor = 0.9;

    /// <summary>A remaining volume that sends in this long is small enough to freeze for.</summary>
    public static readonly TimeSpan SmallEnoughTime = TimeSpan.FromMilliseconds(20);

    // Without a cap the lab's links run at 1 Gbit/s; below 256 KiB further rounds cannot pay for themselves.
    private const long UncappedBps = 1_000_000_000;
    private const long SmallEnoughFloor = 256 * 1024;

    /// <summary>The policy of a request, with defaults for what it leaves out.</summary>
    public static PreCopyPolicy From(MigrateRequest request) => new(
        request.MaxRounds > 0 ? request.MaxRounds : DefaultRounds,
        request.TimeBudgetMs > 0 ? TimeSpan.FromMilliseconds(request.TimeBudgetMs) : DefaultTimeBudget,
        request.BandwidthBps);

    /// <summary>Bytes small enough to send during the freeze.</summary>
    public long SmallEnoughBytes =>
        Math.Max(SmallEnoughFloor, (long)((BandwidthBps > 0 ? BandwidthBps : UncappedBps) / 8.0
            * SmallEnoughTime.TotalSeconds));

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

        if (rounds.Count >= 2 && last.RawBytes >= ShrinkFactor * rounds[^2].RawBytes)
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
