using Mose.Runtime.Memory;
using Xunit.Abstractions;

namespace Mose.Runtime.Tests.Memory;

/// <summary>
/// How fast a live read goes on this machine, printed rather than asserted (machines differ), and proof
/// that reading a large process needs only the reader's fixed buffers.
/// </summary>
[Collection(QuietCollection.Name)]
public sealed class ReadThroughputTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task ReadAsync_Of256MiBRedis_PrintsThroughputAndAllocatesLittle()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(256);
        var reader = new LiveMemoryReader();

        // The first read also pays for compiling the hash code (System.IO.Hashing ships without
        // precompiled code, so it starts unoptimised); the later ones show the steady state.
        var results = new List<(long Bytes, TimeSpan Time, long Allocated)>();
        for (var read = 0; read < 4; read++)
        {
            results.Add(await TimeOneReadAsync(reader, redis.Pid));
            var (bytes, time, allocated) = results[^1];
            output.WriteLine($"read {read}: {bytes / MiB} MiB in {time.TotalMilliseconds:F0} ms = " +
                $"{bytes / MiB / time.TotalSeconds:F0} MiB/s; {allocated / MiB} MiB allocated");
        }

        Assert.All(results, r => Assert.True(r.Bytes >= 256 * MiB, $"{r.Bytes} bytes"));
        // The buffers come from the shared pool; after the first read nothing sizeable is allocated.
        Assert.All(results.Skip(1), r => Assert.True(r.Allocated < 16 * MiB, $"{r.Allocated} allocated"));
    }

    private static async Task<(long, TimeSpan, long)> TimeOneReadAsync(LiveMemoryReader reader, int pid)
    {
        var tally = new MemoryReadTally();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = TimeProvider.System.GetTimestamp();
        await foreach (var _ in reader.ReadAsync([pid], tally))
        {
            // Reading and hashing is the work measured; the batches are dropped.
        }

        var time = TimeProvider.System.GetElapsedTime(start);
        return (tally.Bytes, time, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }
}
