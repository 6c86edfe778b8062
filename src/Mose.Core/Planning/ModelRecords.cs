namespace Mose.Core.Planning;

/// <summary>What the profiler measured of a service: resident state and distinct-page write rate; on a
/// return trip, how long ago it left the destination (whose chunk store still holds the pages it had then,
/// which pre-copy's first round does not resend), else −1; wire bytes per state byte (LZ4 on
/// compressible pages; 1 for random ones); and the hot pages that change all the time, beside the rate.
/// </summary>
public sealed record ServiceLoad(long StateBytes, double DirtyPagesPerSecond, double HeldAgeSeconds = -1,
    double WireRatio = 1, double HotPages = 0)
{
    /// <summary>The share of the pages the destination holds when a page is read
    /// <paramref name="laterSeconds"/> from now.</summary>
    public double HeldShare(double laterSeconds = 0) => HeldAgeSeconds < 0 || Pages <= 0 ? 0
        : 1 - Dirtied(HeldAgeSeconds + laterSeconds) / Pages;

    /// <summary>Distinct pages the service changes in <paramref name="seconds"/>: its hot pages, and the
    /// saturating set its writes spread over the rest.</summary>
    public double Dirtied(double seconds) =>
        seconds <= 0 ? 0 : Hot + DirtySet.Pages(Pages - Hot, DirtyPagesPerSecond, seconds);

    /// <summary>The hot pages, never more than the state holds.</summary>
    public double Hot => Math.Clamp(HotPages, 0, Pages);

    /// <summary>A return trip whose destination still holds most of the state: its final copy and restore
    /// cost differently (little was written there during the rounds).</summary>
    public bool Returns => HeldShare() >= 0.5;

    /// <summary>State bytes a stream at <paramref name="bps"/> carries per second, compression included.</summary>
    public long RawBps(long bps) => (long)(bps / Math.Clamp(WireRatio, 0.05, 1));

    public double StateMiB => StateBytes / 1048576.0;

    public double Pages => (double)StateBytes / DirtySet.PageSize;
}

/// <summary>One way to migrate: strategy, planned pre-copy rounds (0 for cold) and a bandwidth cap
/// (0: the whole link).</summary>
public sealed record MigrationConfig(string Strategy, int Rounds, long BandwidthBps);

/// <summary>The two hosts' constants and the measured bandwidth between them.</summary>
public sealed record ModelContext(HostConstants Source, HostConstants Destination, long LinkBps);

/// <summary>One forecast pre-copy round.</summary>
public sealed record RoundForecast(int Round, long Bytes, double Ms);

/// <summary>Predicted KPIs of one configuration.</summary>
public sealed record KpiPrediction(
    double DowntimeMs, double TotalMs, long Bytes, double CpuSeconds, double Availability, double LatencyMs,
    long FreezeBytes, long BandwidthBps, IReadOnlyList<RoundForecast> Rounds, string StopReason);
