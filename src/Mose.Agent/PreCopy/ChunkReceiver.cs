using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Agent;
using Mose.Transfer;
using Mose.Transfer.Chunks;

namespace Mose.Agent.PreCopy;

/// <summary>
/// The peer side of chunk transfers, over the agent's chunk store: answers which chunks it lacks, stores
/// pushed ones (each verified against its hash), and rebuilds a dump from a recipe. While a migration
/// comes in, its store is pinned, so nothing reported present can be evicted before the rebuild.
/// </summary>
public sealed partial class ChunkReceiver(ChunkStore store, Func<string, string> imagesOf,
    Func<string, string> draftsOf, ILogger<ChunkReceiver> logger)
{
    private readonly ConcurrentDictionary<string, Dictionary<int, ImageDraft>> _drafts = new();
    private readonly Dictionary<string, (string MigrationId, IDisposable Pin)> _pins = [];
    private readonly ConcurrentDictionary<string, Task> _absorbing = new();

    /// <summary>The hashes of the query that the store lacks.</summary>
    public async Task<ChunkQuery> MissingAsync(ChunkQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Pin(query.Name, query.MigrationId);

        // A copy still being absorbed after an earlier move holds exactly the chunks a return trip asks about.
        await Task.WhenAll(_absorbing.Values).ConfigureAwait(false);
        var missing = store.Missing(ChunkWire.Unpack(query.Hashes));
        return new ChunkQuery { Name = query.Name, MigrationId = query.MigrationId, Hashes = ChunkWire.Pack(missing) };
    }

    /// <summary>Stores every pushed chunk after checking its hash.</summary>
    public async Task<PushChunksReply> PushAsync(IAsyncEnumerable<ChunkBatch> batches,
        CancellationToken cancellationToken)
    {
        var reply = new PushChunksReply();
        var scratch = new byte[Mose.Transfer.Chunks.Chunk.Size];
        await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Pin(batch.Name, batch.MigrationId);
            foreach (var chunk in batch.Chunks)
            {
                var stored = store.Add(ChunkWire.UnpackOne(chunk.Hash), ChunkWire.Decode(chunk, scratch));
                reply.Chunks++;
                reply.Stored += stored ? 1 : 0;
            }
        }

        return reply;
    }

    /// <summary>Rebuilds the service's images from the store, each file verified, before its restore.</summary>
    public async Task<AssembleReply> AssembleAsync(Contracts.Agent.ImageRecipe message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stopwatch = Stopwatch.StartNew();
        var recipe = RecipeWire.FromMessage(message);
        var drafts = _drafts.TryRemove(message.Name, out var held) ? held.Values.ToList() : [];
        await ImageAssembler.AssembleAsync(store, recipe, imagesOf(message.Name), cancellationToken,
            file => TakeDraft(drafts, file)).ConfigureAwait(false);
        LogAssembled(message.Name, recipe.Files.Count, recipe.TotalBytes, stopwatch.Elapsed.TotalMilliseconds);
        return new AssembleReply
        {
            Files = recipe.Files.Count, Bytes = recipe.TotalBytes, ElapsedMs = stopwatch.Elapsed.TotalMilliseconds,
        };
    }

    /// <summary>Lays each process's pages out in a draft file, so the rebuild at the freeze only patches.</summary>
    public Empty UpdateDrafts(DraftLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Pin(layout.Name, layout.MigrationId);
        var directory = draftsOf(layout.Name);
        Directory.CreateDirectory(directory);
        var drafts = _drafts.GetOrAdd(layout.Name, _ => []);
        lock (drafts)
        {
            foreach (var process in layout.Processes)
            {
                drafts.TryGetValue(process.Pid, out var previous);
                drafts[process.Pid] = ImageDraft.Update(store, Path.Combine(directory, $"pid-{process.Pid}.img"),
                    previous, ChunkWire.Unpack(process.Hashes));
            }
        }

        return new Empty();
    }

    // A pages image is CRIU's dump of one process: the draft laid out from that process's pages matches it
    // block for block, up to the pages that changed or appeared since.
    private static ImageDraft? TakeDraft(List<ImageDraft> drafts, Transfer.Chunks.RecipeFile file)
    {
        if (!Path.GetFileName(file.Path).StartsWith("pages-", StringComparison.Ordinal))
        {
            return null;
        }

        var best = drafts.Select(d => (Draft: d, Overlap: d.Overlap(file))).OrderByDescending(d => d.Overlap)
            .FirstOrDefault(d => d.Overlap >= 0.5);
        if (best.Draft is null)
        {
            return null;
        }

        drafts.Remove(best.Draft);
        return best.Draft;
    }

    /// <summary>The migration of <paramref name="service"/> is over here: unpin, then keep the store in budget.</summary>
    public void End(string service)
    {
        try
        {
            EndCore(service);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogEndFailed(service, e.Message);
        }
    }

    private void EndCore(string service)
    {
        // The assembly takes the drafts it uses; whatever is left on disk goes.
        _drafts.TryRemove(service, out _);
        if (Directory.Exists(draftsOf(service)))
        {
            Directory.Delete(draftsOf(service), recursive: true);
        }

        bool released;
        lock (_pins)
        {
            released = _pins.Remove(service, out var held);
            held.Pin?.Dispose();
        }

        if (released)
        {
            store.Flush();
            store.Trim();
        }
    }

    /// <summary>Adds a released copy's images to the store in the background, so that the service's return
    /// trip finds its pages here; the directory is deleted afterwards.</summary>
    public void Absorb(string service, string images)
    {
        _absorbing[service] = Task.Run(async () =>
        {
            try
            {
                var stopwatch = Stopwatch.StartNew();
                var added = await ImageChunker.AbsorbAsync(store, images, CancellationToken.None).ConfigureAwait(false);
                store.Flush();
                store.Trim();
                LogAbsorbed(service, added, stopwatch.Elapsed.TotalMilliseconds);
            }
            catch (Exception e) when (e is IOException or StateIntegrityException or UnauthorizedAccessException)
            {
                LogAbsorbFailed(service, e.Message);
            }
            finally
            {
                Directory.Delete(images, recursive: true);
                _absorbing.TryRemove(service, out _);
            }
        });
    }

    // One pin per incoming migration; a newer migration of the same service replaces an older one's.
    private void Pin(string service, string migrationId)
    {
        lock (_pins)
        {
            if (_pins.TryGetValue(service, out var held))
            {
                if (held.MigrationId == migrationId)
                {
                    return;
                }

                held.Pin.Dispose();
            }

            _pins[service] = (migrationId, store.Pin());
        }
    }

    [LoggerMessage(EventId = 140, Level = LogLevel.Information,
        Message = "{Service}: rebuilt {Files} image files ({Bytes} bytes) from chunks in {ElapsedMs:F0} ms")]
    private partial void LogAssembled(string service, int files, long bytes, double elapsedMs);

    [LoggerMessage(EventId = 141, Level = LogLevel.Information,
        Message = "{Service}: kept {Added} new chunks of the released copy in {ElapsedMs:F0} ms")]
    private partial void LogAbsorbed(string service, int added, double elapsedMs);

    [LoggerMessage(EventId = 143, Level = LogLevel.Warning,
        Message = "{Service}: cleaning up after the migration failed: {Error}")]
    private partial void LogEndFailed(string service, string error);

    [LoggerMessage(EventId = 142, Level = LogLevel.Warning,
        Message = "{Service}: could not keep the released copy's chunks: {Error}")]
    private partial void LogAbsorbFailed(string service, string error);
}
