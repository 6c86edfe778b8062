using System.IO.Hashing;
using Mose.Runtime.Memory;

namespace Mose.Runtime.Tests.Memory;

/// <summary>Live reads of a real redis-server, which keeps running (and serving) throughout.</summary>
public sealed class LiveMemoryReaderTests
{
    private const long MiB = 1024 * 1024;
    private readonly LiveMemoryReader _reader = new();

    [Fact]
    public async Task ReadAsync_OfRedisHolding16MiB_SeesAtLeast16MiBOfPrivatePages()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);

        var tally = new MemoryReadTally();
        var hashes = await LiveReads.HashesAsync(_reader, redis.Pid, tally);

        Assert.True(tally.Bytes >= 16 * MiB, $"read {tally.Bytes} bytes");
        Assert.Equal(tally.Pages, hashes.Count);
        Assert.All(hashes.Keys, k => Assert.Equal(redis.Pid, k.Pid));
        Assert.Equal(1, tally.Processes);
        Assert.Equal(0, tally.ExitedProcesses);
    }

    [Fact]
    public async Task ReadAsync_EachPage_CarriesTheHashOfItsBytes()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(4);

        var checkedPages = 0;
        await foreach (var batch in _reader.ReadAsync([redis.Pid]))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                Assert.Equal(batch.Pages[i].Hash, XxHash128.HashToUInt128(batch.ContentOf(i)));
                Assert.Equal(0UL, batch.Pages[i].Address % LiveMemoryReader.PageSize);
                checkedPages++;
            }
        }

        Assert.True(checkedPages > 1000, $"checked {checkedPages} pages");
    }

    [Fact]
    public async Task ReadAsync_TwiceOnIdleRedis_FindsAlmostNothingDirtied()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);
        var tracker = new DirtyTracker();

        var first = await LiveReads.RoundAsync(_reader, tracker, redis.Pid);
        var second = await LiveReads.RoundAsync(_reader, tracker, redis.Pid);

        Assert.Equal(first.PresentPages, first.NewPages);
        // redis's 10 Hz timer and its allocator's housekeeping touch a handful of pages even when idle.
        Assert.True(second.DirtiedPages <= second.PresentPages / 50, second.ToString());
    }

    [Fact]
    public async Task ReadAsync_AfterWritingKeys_FindsChangedAndNewPages()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);
        var tracker = new DirtyTracker();
        await LiveReads.RoundAsync(_reader, tracker, redis.Pid);

        await redis.PopulateAsync(8, prefix: "more");
        var after = await LiveReads.RoundAsync(_reader, tracker, redis.Pid);

        Assert.True(after.NewPages * LiveMemoryReader.PageSize >= 8 * MiB, after.ToString());
        Assert.True(after.ChangedPages > 0, after.ToString());
    }

    [Fact]
    public async Task ReadAsync_LiveAndThenFrozen_GivesTheSameHashesForAlmostAllPages()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);

        var live = await LiveReads.HashesAsync(_reader, redis.Pid);
        await Signals.StopAndWaitAsync(redis.Pid);
        var frozen = await LiveReads.HashesAsync(_reader, redis.Pid);

        var same = live.Count(p => frozen.TryGetValue(p.Key, out var hash) && hash == p.Value);
        Assert.True(same >= live.Count * 99 / 100, $"{same} of {live.Count} pages kept their hash");
    }

    [Fact]
    public async Task ReadAsync_OfExitedProcess_SkipsItWithoutError()
    {
        using var redis = await RedisProcess.StartAsync();
        var exitedPid = ExitedProcess.Pid();

        var tally = new MemoryReadTally();
        var pages = new List<LivePage>();
        await foreach (var batch in _reader.ReadAsync([exitedPid, redis.Pid], tally))
        {
            pages.AddRange(batch.Pages.ToArray());
        }

        Assert.Equal(1, tally.ExitedProcesses);
        Assert.Equal(1, tally.Processes);
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.Equal(redis.Pid, p.Pid));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_OfProcessKilledMidRead_StopsReadingItWithoutError(bool useScanIoctl)
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);
        var reader = new LiveMemoryReader(new LiveMemoryReaderOptions
        {
            BatchPages = 64, ReadPages = 64, Prefetch = false, UseScanIoctl = useScanIoctl,
        });

        var tally = new MemoryReadTally();
        var killed = false;
        var pagesAfterKill = 0;
        await foreach (var batch in reader.ReadAsync([redis.Pid], tally))
        {
            pagesAfterKill += killed ? batch.Count : 0;
            redis.Kill();
            killed = true;
        }

        Assert.Equal(0, pagesAfterKill);
        Assert.Equal(1, tally.ExitedProcesses);
        Assert.InRange(tally.Pages, 64, (16 * MiB / LiveMemoryReader.PageSize) - 1);
    }

    [Fact]
    public async Task ReadAsync_WithoutTheScanIoctl_FindsTheSamePagesPlusOnlyZeroPages()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(4);
        await Signals.StopAndWaitAsync(redis.Pid);
        var entries = new LiveMemoryReader(new LiveMemoryReaderOptions { UseScanIoctl = false });

        var scanned = await LiveReads.HashesAsync(_reader, redis.Pid);
        var listed = await LiveReads.HashesAsync(entries, redis.Pid);

        var zeroPage = XxHash128.HashToUInt128(new byte[LiveMemoryReader.PageSize]);
        Assert.All(scanned, p => Assert.Equal(p.Value, listed[p.Key]));
        Assert.All(listed.Keys.Except(scanned.Keys), k => Assert.Equal(zeroPage, listed[k]));
    }

    [Fact]
    public async Task ReadAsync_WithSmallBatchesAndNoPrefetch_ReadsTheSamePages()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(4);
        await Signals.StopAndWaitAsync(redis.Pid);
        var small = new LiveMemoryReader(new LiveMemoryReaderOptions
        {
            BatchPages = 7, ReadPages = 3, Prefetch = false,
        });

        var usual = await LiveReads.HashesAsync(_reader, redis.Pid);
        var batches = 0;
        var pages = new Dictionary<(int, ulong), UInt128>();
        await foreach (var batch in small.ReadAsync([redis.Pid]))
        {
            Assert.InRange(batch.Count, 1, 7);
            batches++;
            foreach (var page in batch.Pages)
            {
                pages.Add((page.Pid, page.Address), page.Hash);
            }
        }

        Assert.Equal(usual, pages);
        Assert.True(batches >= usual.Count / 7);
    }

    [Fact]
    public async Task ReadAsync_LeftEarly_StopsCleanlyAndCanReadAgain()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);

        await foreach (var batch in _reader.ReadAsync([redis.Pid]))
        {
            Assert.True(batch.Count > 0);
            break;
        }

        var again = await LiveReads.HashesAsync(_reader, redis.Pid);
        Assert.True(again.Count * LiveMemoryReader.PageSize >= 16 * MiB);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(4);
        using var cancel = new CancellationTokenSource();
        var reader = new LiveMemoryReader(new LiveMemoryReaderOptions { BatchPages = 16, ReadPages = 16 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reader.ReadAsync([redis.Pid], cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });
    }

    [Fact]
    public void Constructor_WithBadOptions_NamesEveryBadField()
    {
        var options = new LiveMemoryReaderOptions { BatchPages = 0, ReadPages = 5 };

        var error = Assert.Throws<ArgumentException>(() => new LiveMemoryReader(options));

        Assert.Contains(nameof(LiveMemoryReaderOptions.BatchPages) + " must be", error.Message);
        Assert.Contains(nameof(LiveMemoryReaderOptions.ReadPages) + " must be", error.Message);
    }
}
