using Mose.Cli.Client;

namespace Mose.Cli.Bench;

/// <summary>
/// Polls dprgen's write counter in the background, so that the number of pages it wrote between two moments
/// of a migration (the last round's start, the freeze) can be read afterwards.
/// </summary>
public sealed class WriteSampler : IAsyncDisposable
{
    private readonly List<(DateTimeOffset At, long Writes)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts polling through <paramref name="client"/> every <paramref name="interval"/>.</summary>
    public WriteSampler(DprgenClient client, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var stats = await client.StatsAsync(_stop.Token).ConfigureAwait(false);
                    lock (_samples)
                    {
                        _samples.Add((DateTimeOffset.UtcNow, stats.Writes));
                    }

                    await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>The writes counted at the last sample before <paramref name="at"/> (0 before any sample).</summary>
    public long WritesAt(DateTimeOffset at)
    {
        lock (_samples)
        {
            return _samples.LastOrDefault(s => s.At <= at).Writes;
        }
    }

    /// <summary>The first sample at or after <paramref name="at"/>, or the last one.</summary>
    public long WritesAfter(DateTimeOffset at)
    {
        lock (_samples)
        {
            return _samples.FirstOrDefault(s => s.At >= at, _samples.LastOrDefault()).Writes;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
