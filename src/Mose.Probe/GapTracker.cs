namespace Mose.Probe;

/// <summary>Tracks the time between consecutive successful responses.</summary>
public sealed class GapTracker
{
    private readonly List<ProbeGap> _gaps = [];
    private DateTimeOffset? _last;

    public GapTracker(TimeSpan interval)
    {
        Threshold = ThresholdFor(interval);
    }

    /// <summary>Gaps longer than this are listed: max(3 × interval, 50 ms).</summary>
    public TimeSpan Threshold { get; }

    public double LongestGapMs { get; private set; }

    public IReadOnlyList<ProbeGap> Gaps => _gaps;

    public static TimeSpan ThresholdFor(TimeSpan interval)
    {
        var three = interval * 3;
        var floor = TimeSpan.FromMilliseconds(50);
        return three > floor ? three : floor;
    }

    /// <summary>Records a successful response at <paramref name="at"/>.</summary>
    public void Success(DateTimeOffset at)
    {
        if (_last is { } previous)
        {
            var gap = at - previous;
            if (gap.TotalMilliseconds > LongestGapMs)
            {
                LongestGapMs = gap.TotalMilliseconds;
            }

            if (gap > Threshold)
            {
                _gaps.Add(new ProbeGap(previous, at));
            }
        }

        if (_last is null || at > _last)
        {
            _last = at;
        }
    }
}
