using System.Buffers;
using System.Collections.Concurrent;
using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// Destination side of a state transfer, driven by the agent's OfferState and PushState handlers. Everything
/// received is checked against the manifest offered for the same service, migration and part.
/// </summary>
public sealed class StateReceiver
{
    private readonly Func<string, string, string> _resolveRoot;
    private readonly ConcurrentDictionary<StateKey, OfferedState> _offers = new();

    /// <summary>Creates a receiver.</summary>
    /// <param name="resolveRoot">Maps (service name, migration id) to the directory the state is rebuilt
    /// in.</param>
    public StateReceiver(Func<string, string, string> resolveRoot)
    {
        ArgumentNullException.ThrowIfNull(resolveRoot);
        _resolveRoot = resolveRoot;
    }

    /// <summary>
    /// Creates the manifest's directories and symlinks right away and lists the regular files that are
    /// missing or differ (by size or hash) from what is already on disk. The manifest is remembered to
    /// verify the pushed files.
    /// </summary>
    /// <param name="manifest">What the source has.</param>
    /// <param name="cancellationToken">Stops hashing existing files.</param>
    /// <returns>Paths the source must push.</returns>
    /// <exception cref="StateIntegrityException">A path is invalid, listed twice or escapes the
    /// root.</exception>
    public async Task<StateNeeds> OfferAsync(StateManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var root = _resolveRoot(manifest.Name, manifest.MigrationId);
        Directory.CreateDirectory(root);

        // Ordinal order puts every directory before its contents, whatever order the peer used.
        var entries = manifest.Files.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            RelativePath.Validate(entries[i].Path);
            if (i > 0 && entries[i].Path == entries[i - 1].Path)
            {
                throw new StateIntegrityException(entries[i].Path, "listed twice in the manifest");
            }
        }

        var state = new OfferedState(root);
        var needs = new StateNeeds();
        foreach (var entry in entries)
        {
            var full = RelativePath.ResolveForWrite(root, entry.Path);
            if (entry.IsDir)
            {
                DiskEntry.RemoveUnless(full, DiskEntryKind.Directory);
                state.AddDirectory(full, entry.Mode);
            }
            else if (entry.LinkTarget.Length > 0)
            {
                DiskEntry.EnsureSymlink(full, entry.LinkTarget);
            }
            else
            {
                state.Files[entry.Path] = entry;
                if (!await DiskEntry.KeepIfSameAsync(full, entry, cancellationToken).ConfigureAwait(false))
                {
                    DiskEntry.RemoveUnless(full, DiskEntryKind.File);
                    needs.Paths.Add(entry.Path);
                }
            }
        }

        if (needs.Paths.Count == 0)
        {
            state.ApplyDirectoryModes();
        }

        _offers[new StateKey(manifest.Name, manifest.MigrationId, manifest.Part)] = state;
        return needs;
    }

    /// <summary>
    /// Consumes a PushState stream: each file goes to a temporary sibling, LZ4 chunks are decompressed,
    /// offsets must be contiguous, and on the file's last chunk size and XxHash128 are verified against the
    /// offered manifest before the mode is set and the file is renamed into place.
    /// </summary>
    /// <param name="chunks">The stream; its first chunk names the service, migration and part.</param>
    /// <param name="cancellationToken">Aborts the transfer; the file in progress is discarded.</param>
    /// <returns>Files and raw bytes written.</returns>
    /// <exception cref="StateIntegrityException">
    /// Anything does not match the manifest; the file in progress is removed.
    /// </exception>
    public async Task<PushStateReply> ReceiveAsync(IAsyncEnumerable<StateChunk> chunks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        OfferedState? state = null;
        IncomingFile? open = null;
        var reply = new PushStateReply();
        var scratch = ArrayPool<byte>.Shared.Rent(ChunkWriter.MaxChunkBytes);
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                state ??= Lookup(chunk);
                if (open is not null && open.Path != chunk.Path)
                {
                    throw new StateIntegrityException(open.Path,
                        $"truncated: the stream moved on to '{chunk.Path}' before the file's last chunk");
                }

                open ??= Open(state, chunk);
                await open.WriteAsync(chunk, scratch, cancellationToken).ConfigureAwait(false);
                if (chunk.Last)
                {
                    await open.CommitAsync().ConfigureAwait(false);
                    reply.Files++;
                    reply.Bytes += open.Length;
                    await open.DisposeAsync().ConfigureAwait(false);
                    open = null;
                }
            }

            if (open is not null)
            {
                throw new StateIntegrityException(open.Path,
                    "truncated: the stream ended before the file's last chunk");
            }

            state?.ApplyDirectoryModes();
            return reply;
        }
        finally
        {
            if (open is not null)
            {
                await open.DisposeAsync().ConfigureAwait(false);
            }

            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Drops the remembered manifests of a migration, e.g. once it was committed or aborted.
    /// </summary>
    /// <param name="name">Service name.</param>
    /// <param name="migrationId">Migration id.</param>
    public void Forget(string name, string migrationId)
    {
        foreach (var key in _offers.Keys)
        {
            if (key.Name == name && key.MigrationId == migrationId)
            {
                _offers.TryRemove(key, out _);
            }
        }
    }

    private OfferedState Lookup(StateChunk first)
    {
        var key = new StateKey(first.Name, first.MigrationId, first.Part);
        if (string.IsNullOrEmpty(first.Name) || !_offers.TryGetValue(key, out var state))
        {
            throw new StateIntegrityException(
                $"No manifest was offered for service '{first.Name}', migration '{first.MigrationId}', "
                + $"part '{first.Part}'.");
        }

        return state;
    }

    private static IncomingFile Open(OfferedState state, StateChunk chunk)
    {
        RelativePath.Validate(chunk.Path);
        if (!state.Files.TryGetValue(chunk.Path, out var entry))
        {
            throw new StateIntegrityException(chunk.Path, "not a regular file of the offered manifest");
        }

        if (chunk.Offset != 0)
        {
            throw new StateIntegrityException(chunk.Path,
                $"first chunk starts at offset {chunk.Offset}, not 0");
        }

        return IncomingFile.Create(entry, RelativePath.ResolveForWrite(state.Root, chunk.Path));
    }
}
