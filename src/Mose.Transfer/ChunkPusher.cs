using Grpc.Core;
using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// Source side of a chunk transfer to one peer: asks which chunks the peer lacks, then streams those in
/// batches of about 1 MiB, LZ4 where it pays, paced to the bandwidth cap. One pusher serves one round or one
/// final dump; its stream opens with the first chunk.
/// </summary>
public sealed class ChunkPusher : IAsyncDisposable
{
    /// <summary>Hashes per MissingChunks call (256 KiB of hashes).</summary>
    public const int QueryBatch = 16384;

    private const int ChunksPerBatch = 256;

    private readonly Agent.AgentClient _peer;
    private readonly string _name;
    private readonly string _migrationId;
    private readonly TokenBucket? _pacer;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _scratch = new byte[4096];
    private AsyncClientStreamingCall<ChunkBatch, PushChunksReply>? _stream;
    private ChunkBatch _batch;

    /// <summary>Creates a pusher for one service's migration.</summary>
    /// <param name="peer">The destination agent.</param>
    /// <param name="name">Service name.</param>
    /// <param name="migrationId">The migration, so the peer can pin what it reported present.</param>
    /// <param name="bytesPerSecond">Wire bytes per second; 0 or less is unlimited.</param>
    /// <param name="timeProvider">Clock for pacing.</param>
    /// <param name="cancellationToken">Aborts the stream.</param>
    public ChunkPusher(Agent.AgentClient peer, string name, string migrationId, long bytesPerSecond,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _peer = peer;
        _name = name;
        _migrationId = migrationId;
        _pacer = bytesPerSecond > 0 ? new TokenBucket(timeProvider, bytesPerSecond) : null;
        _cancellationToken = cancellationToken;
        _batch = NewBatch();
    }

    /// <summary>Chunks pushed so far.</summary>
    public long Chunks { get; private set; }

    /// <summary>Bytes of the chunks pushed, before compression.</summary>
    public long RawBytes { get; private set; }

    /// <summary>Bytes of the chunks on the wire.</summary>
    public long WireBytes { get; private set; }

    /// <summary>The hashes the peer lacks, in the order given, each once.</summary>
    public async Task<IReadOnlyList<UInt128>> MissingAsync(IReadOnlyList<UInt128> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var missing = new List<UInt128>();
        for (var start = 0; start < hashes.Count; start += QueryBatch)
        {
            var slice = hashes.Skip(start).Take(QueryBatch).ToList();
            var reply = await _peer.MissingChunksAsync(
                new ChunkQuery { Name = _name, MigrationId = _migrationId, Hashes = ChunkWire.Pack(slice) },
                cancellationToken: _cancellationToken).ConfigureAwait(false);
            missing.AddRange(ChunkWire.Unpack(reply.Hashes));
        }

        return missing;
    }

    /// <summary>Queues one chunk; a full batch goes out, paced.</summary>
    public async ValueTask AddAsync(UInt128 hash, ReadOnlyMemory<byte> data)
    {
        var chunk = ChunkWire.Encode(hash, data.Span, _scratch);
        _batch.Chunks.Add(chunk);
        Chunks++;
        RawBytes += data.Length;
        WireBytes += chunk.Data.Length + ChunkWire.HashBytes;
        if (_batch.Chunks.Count >= ChunksPerBatch)
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is queued, closes the stream and returns the peer's count.</summary>
    public async Task<PushChunksReply> CompleteAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        if (_stream is null)
        {
            return new PushChunksReply();
        }

        await _stream.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await _stream.ResponseAsync.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _stream?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task FlushAsync()
    {
        if (_batch.Chunks.Count == 0)
        {
            return;
        }

        var batch = _batch;
        _batch = NewBatch();
        if (_pacer is not null)
        {
            await _pacer.WaitAsync(batch.CalculateSize(), _cancellationToken).ConfigureAwait(false);
        }

        _stream ??= _peer.PushChunks(cancellationToken: _cancellationToken);
        await _stream.RequestStream.WriteAsync(batch, _cancellationToken).ConfigureAwait(false);
    }

    private ChunkBatch NewBatch() => new() { Name = _name, MigrationId = _migrationId };
}
