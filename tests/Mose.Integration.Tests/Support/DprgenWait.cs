using Mose.Cli.Client;

namespace Mose.Integration.Tests.Support;

/// <summary>Waits on dprgen's own counters.</summary>
public static class DprgenWait
{
    /// <summary>Until a full one-second window shows the achieved rate within 10% of
    /// <paramref name="rate"/>; returns the STATS that showed it.</summary>
    public static async Task<DprgenStats> AchievedAsync(DprgenClient client, int rate, CancellationToken ct)
    {
        DprgenStats? last = null;
        var what = $"dprgen's achieved rate within 10% of {rate} pages/s";
        await Poll.UntilAsync(what, TimeSpan.FromSeconds(30), async () =>
        {
            last = await client.StatsAsync(ct);
            return (Math.Abs(last.Achieved - rate) <= rate * 0.1, last.ToString());
        }, ct);
        return last!;
    }

    /// <summary>Until dprgen has counted more than <paramref name="writes"/> writes.</summary>
    public static Task WritesAboveAsync(DprgenClient client, long writes, CancellationToken ct) =>
        Poll.UntilAsync($"dprgen writes beyond {writes}", TimeSpan.FromSeconds(30), async () =>
        {
            var stats = await client.StatsAsync(ct);
            return (stats.Writes > writes, stats.ToString());
        }, ct);
}
