namespace Mose.Transfer;

/// <summary>
/// Paces a byte stream to a rate. Tokens may go negative so that a chunk larger than the bucket still
/// passes; the debt is then paid off by waiting. The bucket starts empty and holds at most 100 ms worth of
/// bytes, so an idle pause cannot turn into a long burst that would distort an emulated link.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _timeProvider;
    private readonly double _bytesPerSecond;
    private readonly double _capacity;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _lastRefill;

    /// <summary>Creates a bucket refilled at <paramref name="bytesPerSecond"/>.</summary>
    public TokenBucket(TimeProvider timeProvider, long bytesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        _timeProvider = timeProvider;
        _bytesPerSecond = bytesPerSecond;
        _capacity = bytesPerSecond / 10.0;
        _lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> tokens and returns how long the caller must wait before sending.
    /// </summary>
    public TimeSpan Reserve(long bytes)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now);
            _lastRefill = now;
            _tokens = Math.Min(_capacity, _tokens + (elapsed.TotalSeconds * _bytesPerSecond));
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _bytesPerSecond);
        }
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> tokens and waits (on the time provider) until they are paid for.
    /// </summary>
    public Task WaitAsync(long bytes, CancellationToken cancellationToken)
    {
        var delay = Reserve(bytes);
        return delay > TimeSpan.Zero
            ? Task.Delay(delay, _timeProvider, cancellationToken)
            : Task.CompletedTask;
    }
}
