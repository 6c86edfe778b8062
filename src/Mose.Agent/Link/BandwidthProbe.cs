using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Agent;
using Mose.Transfer;
using AgentClient = Mose.Contracts.Agent.Agent.AgentClient;

namespace Mose.Agent.Link;

/// <summary>
/// Measures the bandwidth available towards a peer agent: the source streams incompressible bytes into the
/// peer's Sink for a while, and the peer says how much arrived in how long. The peer's numbers count, not the
/// source's: what the source has written includes what still sits in socket buffers and HTTP/2 windows
/// (several MiB), which would inflate a half-second measurement by more than a tenth.
/// </summary>
public sealed partial class BandwidthProbe(TimeProvider time, ILogger<BandwidthProbe> logger)
{
    /// <summary>How long to send when the request says 0.</summary>
    public const double DefaultSeconds = 0.5;

    /// <summary>Shortest and longest allowed sending time.</summary>
    public const double MinSeconds = 0.1, MaxSeconds = 10;

    /// <summary>Byte cap when the request says 0 (about 4 s at 1 Gbit).</summary>
    public const long DefaultMaxBytes = 512L << 20;

    /// <summary>Payload per message: as large as a state stream's chunks, so each message costs the same
    /// framing and copying as in a migration.</summary>
    public const int ChunkBytes = ChunkWriter.MaxChunkBytes;

    // A fresh agent runs its streaming code unoptimised at first: its first half second measured 540 Mbit/s
    // on a 1 Gbit lab link where later ones gave 920-970. So the first test towards a peer sends for a
    // moment unmeasured (both ends' code gets hot), then measures.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.3);

    // A peer that drops the connection attempt would otherwise be waited for until the deadline.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // What the source has handed to the network when it stops still has to drain: at 1 Mbit that is minutes.
    private static readonly TimeSpan DrainAllowance = TimeSpan.FromMinutes(2);

    // Random, so no compression on the path could make the link look faster; made once per process.
    private static readonly Lazy<ByteString> Payload = new(() =>
        UnsafeByteOperations.UnsafeWrap(RandomNumberGenerator.GetBytes(ChunkBytes)));

    private readonly ConcurrentDictionary<string, bool> _warmPeers = new();

    /// <summary>Every problem of a request, or nothing.</summary>
    public static IEnumerable<string> Validate(MeasureLinkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.PeerAddress))
        {
            yield return "peer_address is required (the peer agent's data address, host:port)";
        }

        var seconds = request.Seconds;
        if (double.IsNaN(seconds) || (seconds != 0 && seconds is < MinSeconds or > MaxSeconds))
        {
            yield return $"seconds {seconds} out of range: use {MinSeconds} to {MaxSeconds} s " +
                $"(0 = {DefaultSeconds} s)";
        }

        if (request.MaxBytes < 0)
        {
            yield return $"max_bytes {request.MaxBytes} is negative (0 = {DefaultMaxBytes})";
        }
    }

    /// <summary>Streams to <paramref name="peer"/>'s Sink for the request's time or bytes, whichever ends
    /// first, and returns what the peer received.</summary>
    public async Task<MeasureLinkReply> SendAsync(AgentClient peer, MeasureLinkRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(request);
        var duration = TimeSpan.FromSeconds(request.Seconds == 0 ? DefaultSeconds : request.Seconds);
        var maxBytes = request.MaxBytes == 0 ? DefaultMaxBytes : request.MaxBytes;
        var address = request.PeerAddress;
        LogStarting(address, duration.TotalSeconds, maxBytes);
        try
        {
            if (_warmPeers.TryAdd(address, true))
            {
                await StreamAsync(peer, address, WarmUp, maxBytes, cancellationToken).ConfigureAwait(false);
            }

            var (reply, sent, sentMs) = await StreamAsync(peer, address, duration, maxBytes,
                cancellationToken).ConfigureAwait(false);

            // A peer that got everything within one timer tick reports 0 ms: the source's time is all left.
            var ms = reply.Ms > 0 ? reply.Ms : sentMs;
            var bps = ms > 0 ? (long)(reply.Bytes * 8 / (ms / 1000)) : 0;
            LogMeasured(address, reply.Bytes, sent, ms, bps / 1e6);
            return new MeasureLinkReply { Bytes = reply.Bytes, Ms = ms, BitsPerSecond = bps };
        }
        // A connection reset in mid-stream surfaces from a write as an IOException, not as a status.
        catch (Exception e) when (e is RpcException or IOException or HttpRequestException
            && !cancellationToken.IsCancellationRequested)
        {
            _warmPeers.TryRemove(address, out _);
            var why = e switch
            {
                RpcException { StatusCode: StatusCode.Unavailable } rpc =>
                    $"not reachable: {rpc.Status.Detail}",
                RpcException { StatusCode: StatusCode.DeadlineExceeded } => "did not answer in time",
                RpcException rpc => $"failed ({rpc.StatusCode}): {rpc.Status.Detail}",
                _ => $"connection lost: {e.Message}",
            };
            throw new AgentException(AgentErrorKind.Precondition, $"bandwidth test to peer {address}: {why}");
        }
    }

    /// <summary>The peer side: counts what arrives and the time from the first message to the last.</summary>
    public async Task<SinkReply> CountAsync(IAsyncEnumerable<SinkChunk> chunks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var bytes = 0L;
        long? first = null;
        var last = 0L;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            last = time.GetTimestamp();
            first ??= last;
            bytes += chunk.Data.Length;
        }

        var ms = first is { } start ? time.GetElapsedTime(start, last).TotalMilliseconds : 0;
        LogSunk(bytes, ms);
        return new SinkReply { Bytes = bytes, Ms = ms };
    }

    private async Task<(SinkReply Reply, long Sent, double SentMs)> StreamAsync(AgentClient peer,
        string address, TimeSpan duration, long maxBytes, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().UtcDateTime + duration + DrainAllowance;
        using var call = peer.Sink(deadline: deadline, cancellationToken: cancellationToken);

        // An empty message first starts the peer's clock before the first payload byte is on the wire, so
        // every payload byte falls inside the time it reports. Writing it also waits for a new connection to
        // be set up, which is no part of the link's bandwidth.
        await ConnectAsync(call.RequestStream, address, cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        var full = new SinkChunk { Data = Payload.Value };
        var sent = 0L;
        while (sent < maxBytes && time.GetElapsedTime(started) < duration)
        {
            var size = (int)Math.Min(ChunkBytes, maxBytes - sent);
            var chunk = size == ChunkBytes ? full
                : new SinkChunk { Data = UnsafeByteOperations.UnsafeWrap(Payload.Value.Memory[..size]) };
            await call.RequestStream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            sent += size;
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        var reply = await call.ResponseAsync.ConfigureAwait(false);
        return (reply, sent, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task ConnectAsync(IClientStreamWriter<SinkChunk> stream, string address,
        CancellationToken cancellationToken)
    {
        using var connect = new CancellationTokenSource(ConnectTimeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connect.Token);
        try
        {
            await stream.WriteAsync(new SinkChunk(), either.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException
            && connect.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentException(AgentErrorKind.Precondition,
                $"bandwidth test to peer {address}: no connection within {ConnectTimeout.TotalSeconds:F0} s");
        }
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Debug,
        Message = "Bandwidth test to {Peer}: sending for {Seconds} s, at most {MaxBytes} bytes")]
    private partial void LogStarting(string peer, double seconds, long maxBytes);

    [LoggerMessage(EventId = 151, Level = LogLevel.Information,
        Message = "Bandwidth test to {Peer}: {Bytes} bytes arrived ({Sent} sent) in {Ms:F0} ms, " +
            "{Mbps:F0} Mbit/s")]
    private partial void LogMeasured(string peer, long bytes, long sent, double ms, double mbps);

    [LoggerMessage(EventId = 152, Level = LogLevel.Debug,
        Message = "Bandwidth test sink: {Bytes} bytes in {Ms:F0} ms")]
    private partial void LogSunk(long bytes, double ms);
}
