using Microsoft.Extensions.Time.Testing;

namespace Mose.Transfer.Tests;

public sealed class TokenBucketTests
{
    private const long Rate = 1_000_000;

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Reserve_AtStart_DelaysByBytesOverRate()
    {
        var bucket = new TokenBucket(_time, Rate);

        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.Reserve(500_000));
    }

    [Fact]
    public void Reserve_WithoutTimePassing_AccumulatesDebt()
    {
        var bucket = new TokenBucket(_time, Rate);

        bucket.Reserve(1_000_000);

        Assert.Equal(TimeSpan.FromSeconds(2), bucket.Reserve(1_000_000));
    }

    [Fact]
    public void Reserve_AfterPayingDebt_DelaysOnlyForNewBytes()
    {
        var bucket = new TokenBucket(_time, Rate);
        bucket.Reserve(1_000_000);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(250), bucket.Reserve(250_000));
    }

    [Fact]
    public void Reserve_AfterLongIdle_AllowsOnlyHundredMillisecondBurst()
    {
        var bucket = new TokenBucket(_time, Rate);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(100_000));
        Assert.Equal(TimeSpan.FromMilliseconds(400), bucket.Reserve(400_000));
    }

    [Fact]
    public async Task WaitAsync_CompletesOnlyWhenFakeTimeReachesDelay()
    {
        var bucket = new TokenBucket(_time, Rate);

        var wait = bucket.WaitAsync(300_000, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(299));
        var earlyCompleted = wait.IsCompleted;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await wait;

        Assert.False(earlyCompleted);
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public void Reserve_SustainedStream_MatchesRate()
    {
        var bucket = new TokenBucket(_time, Rate);
        var total = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            var delay = bucket.Reserve(250_000);
            _time.Advance(delay);
            total += delay;
        }

        Assert.Equal(TimeSpan.FromMilliseconds(2500), total);
    }
}
