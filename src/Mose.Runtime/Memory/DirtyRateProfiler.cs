namespace Mose.Runtime.Memory;

/// <summary>
/// Measures a running container's dirty-page rate by reading all its memory in back-to-back rounds and
/// comparing page hashes between them. The container keeps running throughout; the reading costs CPU
/// (about one core while it runs) and reads, but never writes, its memory.
/// </summary>
public sealed class DirtyRateProfiler
{
    private readonly LiveMemoryReader _reader;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a profiler; by default a reader with default options and the system clock.</summary>
    public DirtyRateProfiler(LiveMemoryReader? reader = null, TimeProvider? timeProvider = null)
    {
        _reader = reader ?? new LiveMemoryReader();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Reads rounds back to back until <paramref name="duration"/> has passed, and at least two so there is a
    /// rate. Each round looks for the container's processes afresh, so forks are followed. If the container's
    /// init exits part way, the report holds the rounds completed before that.
    /// </summary>
    /// <param name="initPid">The container's init as the host sees it (as <c>runc state</c> says).</param>
    /// <param name="duration">How long to keep reading; zero gives exactly three rounds (the third tells the
    /// hot pages).</param>
    /// <param name="cancellationToken">Stops the measurement with an OperationCanceledException.</param>
    /// <exception cref="RuntimeException">
    /// No process <paramref name="initPid"/> exists, or it exited during the first round.
    /// </exception>
    public async Task<DirtyRateReport> MeasureAsync(int initPid, TimeSpan duration,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var tracker = new DirtyTracker();
        var rounds = new List<ProfiledRound>();
        var start = _timeProvider.GetTimestamp();
        do
        {
            var pids = ContainerProcesses.Find(initPid);
            if (pids.Count == 0)
            {
                return Report(initPid, rounds);
            }

            var startedAt = _timeProvider.GetElapsedTime(start);
            var tally = new MemoryReadTally();
            var batches = _reader.ReadAsync(pids, tally, cancellationToken);
            await foreach (var batch in batches.ConfigureAwait(false))
            {
                tracker.Observe(batch);
            }

            var readTime = _timeProvider.GetElapsedTime(start) - startedAt;
            if (ContainerProcesses.Find(initPid).Count == 0)
            {
                // The container died during this round: its counts describe no state it was ever in.
                return Report(initPid, rounds);
            }

            rounds.Add(new ProfiledRound(startedAt, readTime, tally, tracker.CompleteRound()));
        }
        while (rounds.Count < 3 || _timeProvider.GetElapsedTime(start) < duration);

        return Report(initPid, rounds);
    }

    private static DirtyRateReport Report(int initPid, List<ProfiledRound> rounds) => rounds.Count > 0
        ? new DirtyRateReport(initPid, rounds)
        : throw new RuntimeException($"Cannot profile memory: process {initPid} does not exist or exited");
}
