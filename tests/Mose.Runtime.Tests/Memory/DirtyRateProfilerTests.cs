using Mose.Runtime.Memory;
using Xunit.Abstractions;

namespace Mose.Runtime.Tests.Memory;

/// <summary>Dirty rates of a real redis-server, idle and under a stream of writes.</summary>
public sealed class DirtyRateProfilerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task MeasureAsync_OfIdleRedis_ReportsADirtyRateNearZero()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);

        var report = await new DirtyRateProfiler().MeasureAsync(redis.Pid, Duration);

        Print(report);
        Assert.True(report.ResidentBytes >= 16 * 1024 * 1024);
        // An idle redis still rewrites a few dozen pages on its 10 Hz timer (its clock, stats, allocator), so
        // its rate in pages per second grows as rounds get shorter; what stays near zero is the share of its
        // memory a pre-copy round would have to send again.
        // (Counted per round: the first pass runs unoptimised code and can take ten times longer than the rest.)
        var resentPerRound = report.Rounds.Skip(1).Select(r => r.Delta.DirtiedPages).DefaultIfEmpty(0).Max();
        Assert.True(resentPerRound < report.PresentPages / 50.0,
            $"{resentPerRound} pages dirtied between two reads ({report.DirtiedPagesPerSecond} pages/s)");
    }

    [Fact]
    public async Task MeasureAsync_WhileKeysAreWritten_ReportsAClearlyPositiveDirtyRate()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);
        using var client = await redis.ConnectAsync();
        using var stop = new CancellationTokenSource();
        // The client blocks on replies, so the writes get their own thread.
        var writer = Task.Run(() => WriteKeysAsync(client, stop.Token));

        DirtyRateReport report;
        try
        {
            // Three seconds, not one: on a loaded machine the first, unoptimised pass alone can take half a
            // second, and the writer thread may not have started yet when it ends.
            report = await new DirtyRateProfiler().MeasureAsync(redis.Pid, TimeSpan.FromSeconds(3));
        }
        finally
        {
            await stop.CancelAsync();
        }

        var written = await writer;
        Print(report);
        output.WriteLine($"keys written meanwhile: {written}");
        // Each 8 KiB value written dirties at least two pages; judged per round, whatever this machine's speed.
        Assert.True(written > 0, "the writer wrote nothing");
        Assert.Contains(report.Rounds.Skip(1), r => r.Delta.DirtiedPages >= 10);
        Assert.True(report.DirtiedPagesPerSecond > 0, $"{report.DirtiedPagesPerSecond} pages/s");
    }

    [Fact]
    public async Task MeasureAsync_WithZeroDuration_ReadsExactlyThreeRoundsTimedByTheGivenClock()
    {
        using var redis = await RedisProcess.StartAsync();
        var clock = new SteppingClock(TimeSpan.FromSeconds(1));

        var report = await new DirtyRateProfiler(timeProvider: clock).MeasureAsync(redis.Pid, TimeSpan.Zero);

        Assert.Equal(3, report.Rounds.Count);
        Assert.All(report.Rounds, r => Assert.Equal(0, r.ReadTime.Ticks % TimeSpan.TicksPerSecond));
        var rates = Enumerable.Range(1, 2).Select(i =>
        {
            var interval = (report.Rounds[i].StartedAt - report.Rounds[i - 1].StartedAt).TotalSeconds;
            Assert.True(interval >= 1);
            return Math.Max(0, report.Rounds[i].Delta.DirtiedPages - report.HotPages) / interval;
        }).ToList();
        Assert.Equal(rates.Average(), report.DirtiedPagesPerSecond!.Value, 9);
    }

    [Fact]
    public async Task MeasureAsync_KeepsReadingRoundsUntilTheDurationHasPassed()
    {
        using var redis = await RedisProcess.StartAsync();
        var clock = new SteppingClock(TimeSpan.FromSeconds(1));
        var duration = TimeSpan.FromSeconds(20);

        var report = await new DirtyRateProfiler(timeProvider: clock).MeasureAsync(redis.Pid, duration);

        // Every round reads the clock, which moves a second each time: no more than 20 rounds fit.
        Assert.InRange(report.Rounds.Count, 3, 20);
        Assert.True(report.Rounds[^2].StartedAt + report.Rounds[^2].ReadTime < duration);
    }

    [Fact]
    public async Task MeasureAsync_WhenTheContainerDiesPartWay_ReportsOnlyTheRoundsBeforeIt()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(4);
        var clock = new SteppingClock(TimeSpan.FromSeconds(1), now =>
        {
            if (now == TimeSpan.FromSeconds(10))
            {
                redis.Kill();
            }
        });

        var report = await new DirtyRateProfiler(timeProvider: clock)
            .MeasureAsync(redis.Pid, TimeSpan.FromMinutes(1));

        Assert.NotEmpty(report.Rounds);
        Assert.All(report.Rounds, r => Assert.True(r.StartedAt < TimeSpan.FromSeconds(10)));
        Assert.All(report.Rounds, r => Assert.True(r.Delta.PresentPages > 1000, r.Delta.ToString()));
    }

    [Fact]
    public async Task MeasureAsync_OfMissingProcess_ThrowsNamingIt()
    {
        var pid = ExitedProcess.Pid();

        var error = await Assert.ThrowsAsync<RuntimeException>(
            () => new DirtyRateProfiler().MeasureAsync(pid, Duration));

        Assert.Contains(pid.ToString(), error.Message);
    }

    private static async Task<long> WriteKeysAsync(RespClient client, CancellationToken cancellationToken)
    {
        var value = new string('v', 8192);
        long written = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await client.SendAsync("SET", $"written:{written % 50_000}", value + written);
            written++;
        }

        return written;
    }

    private void Print(DirtyRateReport report)
    {
        output.WriteLine($"{report.Rounds.Count} rounds, {report.PresentPages} pages present, " +
            $"pass {report.PassReadTime.TotalMilliseconds:F1} ms, " +
            $"{report.ReadBytesPerSecond / 1048576:F0} MiB/s, " +
            $"dirtied {report.DirtiedPagesPerSecond:F1} pages/s");
        foreach (var round in report.Rounds)
        {
            output.WriteLine($"  at {round.StartedAt.TotalMilliseconds:F1} ms: {round.Delta}");
        }
    }
}
