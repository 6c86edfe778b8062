namespace Mose.Runtime.Tests.Memory;

/// <summary>
/// A clock that moves a fixed step each time it is read, so durations are exact; a test can hook a
/// reading to make something happen at a given time.
/// </summary>
internal sealed class SteppingClock(TimeSpan step, Action<TimeSpan>? onRead = null) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        var now = Interlocked.Add(ref _ticks, step.Ticks) - step.Ticks;
        onRead?.Invoke(TimeSpan.FromTicks(now));
        return now;
    }
}
