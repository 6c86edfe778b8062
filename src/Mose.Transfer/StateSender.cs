using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// Source side of a state transfer: offers a manifest to the peer agent, then streams only the files the
/// peer does not already have.
/// </summary>
public sealed class StateSender
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a sender.</summary>
    /// <param name="timeProvider">Clock for timing and bandwidth pacing.</param>
    public StateSender(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Builds the manifest of <paramref name="include"/> under <paramref name="root"/>, offers it with
    /// OfferState and pushes the needed files with PushState.
    /// </summary>
    /// <param name="peer">Client of the destination agent.</param>
    /// <param name="name">Service name.</param>
    /// <param name="migrationId">Migration the state belongs to.</param>
    /// <param name="part">State part, e.g. "bundle" or "final".</param>
    /// <param name="root">Directory the state lives in.</param>
    /// <param name="include">Top-level entries of <paramref name="root"/> to send.</param>
    /// <param name="bandwidthBps">Wire bytes per second to stay under; 0 or less means unlimited.</param>
    /// <param name="cancellationToken">Aborts the transfer.</param>
    /// <returns>What was sent.</returns>
    public async Task<SendStateResult> SendAsync(Agent.AgentClient peer, string name, string migrationId,
        string part, string root, IReadOnlyList<string> include, long bandwidthBps,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var started = _timeProvider.GetTimestamp();
        var entries = await ManifestBuilder.BuildAsync(root, include, cancellationToken)
            .ConfigureAwait(false);
        var manifest = new StateManifest { Name = name, MigrationId = migrationId, Part = part };
        manifest.Files.AddRange(entries);

        using var offer = peer.OfferStateAsync(manifest, cancellationToken: cancellationToken);
        var needs = await offer.ResponseAsync.ConfigureAwait(false);

        // Keep manifest order and ignore anything the peer asks for that is not a regular file we offered.
        var wanted = needs.Paths.ToHashSet(StringComparer.Ordinal);
        var regular = entries.Where(e => !e.IsDir && e.LinkTarget.Length == 0).ToList();
        var toSend = regular.Where(e => wanted.Contains(e.Path)).Select(e => e.Path).ToList();
        var skipped = regular.Count - toSend.Count;
        if (toSend.Count == 0)
        {
            return new SendStateResult(0, 0, 0, skipped, _timeProvider.GetElapsedTime(started));
        }

        var pacer = bandwidthBps > 0 ? new TokenBucket(_timeProvider, bandwidthBps) : null;
        long rawBytes = 0;
        long wireBytes = 0;
        using var push = peer.PushState(cancellationToken: cancellationToken);
        var chunks = ChunkWriter.ReadFilesAsync(name, migrationId, part, root, toSend, cancellationToken);
        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            if (pacer is not null)
            {
                await pacer.WaitAsync(chunk.Data.Length, cancellationToken).ConfigureAwait(false);
            }

            await push.RequestStream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            rawBytes += chunk.RawLength;
            wireBytes += chunk.Data.Length;
        }

        await push.RequestStream.CompleteAsync().ConfigureAwait(false);
        await push.ResponseAsync.ConfigureAwait(false);
        return new SendStateResult(toSend.Count, rawBytes, wireBytes, skipped,
            _timeProvider.GetElapsedTime(started));
    }
}
