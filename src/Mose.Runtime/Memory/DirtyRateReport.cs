namespace Mose.Runtime.Memory;

/// <summary>
/// How fast a running container dirties its memory, measured by reading it back to back without kernel
/// dirty tracking: the pre-copy model's dirty rate and the cost of one full read pass on this host.
/// </summary>
/// <param name="InitPid">The container's init, as the host sees it.</param>
/// <param name="Rounds">Every round in order; the first is only what the second compares with.</param>
public sealed record DirtyRateReport(int InitPid, IReadOnlyList<ProfiledRound> Rounds)
{
    /// <summary>Pages CRIU would dump, as of the last round.</summary>
    public long PresentPages => Rounds.Count == 0 ? 0 : Rounds[^1].Delta.PresentPages;

    /// <summary>Bytes of those pages.</summary>
    public long ResidentBytes => PresentPages * LiveMemoryReader.PageSize;

    /// <summary>
    /// Pages dirtied per second outside the hot set: for each round after the first, its dirtied pages
    /// (changed plus new) less <see cref="HotPages"/>, over the time since the previous round began, which is
    /// how long each page had to change between its two reads; the median over those rounds, so one burst does
    /// not set the figure. Null with fewer than two rounds. Without taking the hot set out, a few dozen pages
    /// that change in every short read would pass for hundreds of pages per second.
    /// </summary>
    public double? DirtiedPagesPerSecond => Median(Rates());

    /// <summary>
    /// Pages that change in every round however short (a service's counters and bookkeeping): per round, the
    /// pages changed in it and in the round before, less the pages random writes would have hit twice; the
    /// median over rounds. Zero with fewer than three rounds.
    /// </summary>
    public double HotPages
    {
        get
        {
            var hot = new List<double>();
            for (var i = 2; i < Rounds.Count; i++)
            {
                var (before, now) = (Rounds[i - 1].Delta, Rounds[i].Delta);
                var chance = now.PresentPages > 0
                    ? (double)before.ChangedPages * now.ChangedPages / now.PresentPages
                    : 0;
                hot.Add(Math.Max(0, now.RepeatedPages - chance));
            }

            return Median(hot) ?? 0;
        }
    }

    /// <summary><see cref="DirtiedPagesPerSecond"/> in bytes.</summary>
    public double? DirtiedBytesPerSecond => DirtiedPagesPerSecond * LiveMemoryReader.PageSize;

    /// <summary>Median time one full pass took to read and hash every page.</summary>
    public TimeSpan PassReadTime =>
        TimeSpan.FromTicks((long)(Median(Rounds.Select(r => (double)r.ReadTime.Ticks).ToList()) ?? 0));

    /// <summary>Bytes read and hashed per second of reading, over all rounds.</summary>
    public double ReadBytesPerSecond
    {
        get
        {
            var seconds = Rounds.Sum(r => r.ReadTime.TotalSeconds);
            return seconds > 0 ? Rounds.Sum(r => r.Tally.Bytes) / seconds : 0;
        }
    }

    private List<double> Rates()
    {
        var rates = new List<double>();
        var hot = HotPages;
        for (var i = 1; i < Rounds.Count; i++)
        {
            var interval = (Rounds[i].StartedAt - Rounds[i - 1].StartedAt).TotalSeconds;
            if (interval > 0)
            {
                rates.Add(Math.Max(0, Rounds[i].Delta.DirtiedPages - hot) / interval);
            }
        }

        return rates;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
