namespace Mose.Runtime.Memory;

/// <summary>
/// Where one read of live memory stands: which process, which run of pages, how far into it. Each
/// <see cref="Fill"/> carries on from there, so a round of any size passes through fixed buffers.
/// Synchronous (reads of /proc do not block on anything but the kernel) and not thread-safe.
/// </summary>
internal sealed class ReadCursor(
    IReadOnlyList<int> pids, LiveMemoryReaderOptions options, MemoryReadTally tally) : IDisposable
{
    private readonly PageFinder _finder = new(options.UseScanIoctl);
    private ProcessMemory? _process;
    private int _nextPid;

    // What is left of the run being read.
    private PageRun _run;

    /// <summary>Refills the batch; false once everything is read (the batch may still hold pages).</summary>
    public bool Fill(PageBatch batch, CancellationToken cancellationToken)
    {
        batch.Clear();
        while (batch.FreePages > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_run.Pages == 0 && !NextRun(cancellationToken))
            {
                return false;
            }

            var pages = (int)Math.Min(Math.Min(_run.Pages, options.ReadPages), batch.FreePages);
            var read = _process!.Read(_run.Address, batch.Next(pages));
            if (read == 0)
            {
                ProcessExited();
                continue;
            }

            // A read stops short at the first page it cannot get; later pages of the run may still be there.
            var whole = Math.Max(read, 0) / LiveMemoryReader.PageSize;
            batch.Commit(_process.Pid, _run.Address, whole, _run.Swapped);
            tally.Pages += whole;
            tally.SwappedPages += _run.Swapped ? whole : 0;
            var skipped = whole < pages ? 1 : 0;
            tally.UnreadablePages += skipped;
            Advance(whole + skipped);
        }

        return true;
    }

    public void Dispose() => _process?.Dispose();

    private bool NextRun(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_process is null)
            {
                if (_nextPid == pids.Count)
                {
                    return false;
                }

                _process = ProcessMemory.TryOpen(pids[_nextPid++]);
                if (_process is null)
                {
                    tally.ExitedProcesses++;
                    continue;
                }

                tally.Processes++;
            }

            if (_process.TryNextRun(_finder, out _run, out var exited, cancellationToken))
            {
                return true;
            }

            if (exited)
            {
                ProcessExited();
            }
            else
            {
                _process.Dispose();
                _process = null;
            }
        }
    }

    private void ProcessExited()
    {
        tally.ExitedProcesses++;
        _process!.Dispose();
        _process = null;
        _run = default;
    }

    private void Advance(int pages)
    {
        var address = _run.Address + ((ulong)pages * LiveMemoryReader.PageSize);
        _run = _run.Pages == pages ? default : _run with { Address = address, Pages = _run.Pages - pages };
    }
}
