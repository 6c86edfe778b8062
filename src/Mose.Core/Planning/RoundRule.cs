namespace Mose.Core.Planning;

/// <summary>The stop rule shared by the pre-copy rounds and the model that forecasts them, so the forecast
/// ends its rounds where the migration will.</summary>
public static class RoundRule
{
    /// <summary>A round must send at most this share of the previous one to count as shrinking.</summary>
    public const double ShrinkFactor = 0.9;

    /// <summary>A remaining volume that sends in this long is small enough to freeze for.</summary>
    public static readonly TimeSpan SmallEnoughTime = TimeSpan.FromMilliseconds(20);

    /// <summary>The rate assumed when no cap is set: the lab's links run at 1 Gbit/s.</summary>
    public const long UncappedBps = 1_000_000_000;

    // Below 256 KiB further rounds cannot pay for themselves.
    private const long SmallEnoughFloor = 256 * 1024;

    /// <summary>Bytes small enough to send during the freeze at <paramref name="bandwidthBps"/>
    /// (0: uncapped).</summary>
    public static long SmallEnoughBytes(long bandwidthBps) =>
        Math.Max(SmallEnoughFloor, (long)((bandwidthBps > 0 ? bandwidthBps : UncappedBps) / 8.0
            * SmallEnoughTime.TotalSeconds));

    /// <summary>Whether a round that sent <paramref name="bytes"/> after <paramref name="previous"/> stopped
    /// shrinking.</summary>
    public static bool NotShrinking(long bytes, long previous) => bytes >= ShrinkFactor * previous;
}
