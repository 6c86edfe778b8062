using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mose.Runtime.Memory;

/// <summary>
/// Reads the memory of running processes without stopping them, page by page, the way pre-copy needs it where
/// the kernel has no dirty-page tracking: every page CRIU would put into pages-*.img (private and present or
/// swapped, not the zero page where the kernel can tell), hashed with XxHash128. A page may change while it
/// is read; its hash then matches neither version and the final dump simply carries it again. Needs root (or
/// ptrace rights over the processes). Instances are thread-safe; each read has its own buffers.
/// </summary>
/// <remarks>
/// System.IO.Hashing ships without precompiled code, so in a fresh process the hash starts unoptimised
/// (some 100 MiB/s instead of several GiB/s) until tiered compilation promotes it, which in a busy process
/// can take seconds. Hosts that read memory soon after starting (the agent, a profiling CLI) should set
/// <c>TieredCompilationQuickJit</c> to false in their project, which compiles such code optimised at once.
/// </remarks>
public sealed class LiveMemoryReader
{
    /// <summary>The page size this reader works in, and CRIU's on the hosts Mose supports.</summary>
    public const int PageSize = 4096;

    private readonly LiveMemoryReaderOptions _options;

    /// <summary>Creates a reader; throws for bad options or a host whose pages are not 4 KiB.</summary>
    public LiveMemoryReader(LiveMemoryReaderOptions? options = null)
    {
        _options = options ?? new LiveMemoryReaderOptions();
        _options.Validate();
        if (Environment.SystemPageSize != PageSize)
        {
            // CRIU cuts images in the host's page size; 16 or 64 KiB kernels (some arm64) need other hashes.
            throw new PlatformNotSupportedException(
                $"Live memory reads need 4 KiB pages; this host uses {Environment.SystemPageSize} bytes");
        }
    }

    /// <summary>Reads every dumpable page of the processes; see the other overload.</summary>
    public IAsyncEnumerable<PageBatch> ReadAsync(IReadOnlyList<int> pids,
        CancellationToken cancellationToken = default) =>
        ReadAsync(pids, new MemoryReadTally(), cancellationToken);

    /// <summary>
    /// Reads every dumpable page of the processes, process by process in the given order and by address
    /// within each, in batches of up to <see cref="LiveMemoryReaderOptions.BatchPages"/> pages. A process
    /// that has exited, or exits part way, is skipped from then on and counted in the tally. Each batch is
    /// valid only until the next <c>MoveNextAsync</c>: the reader reuses its memory (at most two batches'
    /// worth, whatever the processes' size). The reading runs on pool threads.
    /// </summary>
    /// <param name="pids">Host pids, as <see cref="ContainerProcesses.Find(int)"/> gives them.</param>
    /// <param name="tally">Receives the counts of this read; complete when the enumeration ends.</param>
    /// <param name="cancellationToken">Stops the read between two system calls.</param>
    public async IAsyncEnumerable<PageBatch> ReadAsync(IReadOnlyList<int> pids, MemoryReadTally tally,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pids);
        ArgumentNullException.ThrowIfNull(tally);
        var bufferBytes = _options.BatchPages * PageSize;
        var buffers = new byte[_options.Prefetch ? 2 : 1][];
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = ArrayPool<byte>.Shared.Rent(bufferBytes);
        }

        var batches = Array.ConvertAll(buffers, b => new PageBatch(b, _options.BatchPages));
        using var cursor = new ReadCursor(pids.Distinct().ToList(), _options, tally);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<bool>? filling = null;
        try
        {
            var next = 0;
            filling = FillAsync(cursor, batches[next], stop.Token);
            while (true)
            {
                var more = await filling.ConfigureAwait(false);
                filling = null;

                // A prefetched batch may have been ready before the caller cancelled; cancelling still stops.
                cancellationToken.ThrowIfCancellationRequested();
                var batch = batches[next];
                next = (next + 1) % batches.Length;
                if (more && _options.Prefetch)
                {
                    // The other batch was released by the caller when it asked for this one.
                    filling = FillAsync(cursor, batches[next], stop.Token);
                }

                if (batch.Count > 0)
                {
                    yield return batch;
                }

                if (!more)
                {
                    yield break;
                }

                filling ??= FillAsync(cursor, batches[next], stop.Token);
            }
        }
        finally
        {
            await StopAsync(filling, stop).ConfigureAwait(false);
            foreach (var buffer in buffers)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static Task<bool> FillAsync(ReadCursor cursor, PageBatch batch,
        CancellationToken cancellationToken) =>
        Task.Run(() => cursor.Fill(batch, cancellationToken), cancellationToken);

    // The caller stopped early (or failed): a fill may still be writing into a buffer about to go back to the
    // pool.
    private static async Task StopAsync(Task<bool>? filling, CancellationTokenSource stop)
    {
        if (filling is null)
        {
            return;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await filling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: we cancelled it.
        }
        catch (IOException)
        {
            // Nobody is waiting for these pages any more.
        }
    }
}
