using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mose.Probe;

/// <summary>
/// Keeps one TCP connection to a text-protocol service and sends one request per interval, waiting for
/// its one-line reply. A reset or close by the peer ends the run: it is never hidden by reconnecting.
/// </summary>
public abstract class LineProtocolProbe : IServiceProbe
{
    private readonly TimeProvider _time;

    protected LineProtocolProbe(string kind, TimeProvider time, TimeSpan? requestTimeout = null)
    {
        Kind = kind;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10);
    }

    public string Kind { get; }

    /// <summary>How long one request may wait for its reply before it counts as an error. The probe keeps
    /// waiting for the late reply afterwards, so the connection stays in step.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>The bytes of one request.</summary>
    protected abstract ReadOnlyMemory<byte> Request { get; }

    /// <summary>Whether a reply line is the expected answer.</summary>
    protected abstract bool IsExpectedReply(string line);

    public async Task<ProbeReport> RunAsync(ProbeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ProbeOptionsValidation.Validate(options);
        var run = new RunState(options.Interval);
        var started = _time.GetTimestamp();
        var endPoint = new IPEndPoint(options.Address, options.Port);

        Socket socket;
        try
        {
            using var connectTimeout = new CancellationTokenSource(RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token);
            socket = await NetnsSocket.ConnectAsync(options.NetnsPath, endPoint, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return run.Report(Kind, kept: false, "Cancelled before the connection was established.");
        }
        catch (OperationCanceledException)
        {
            return run.Report(Kind, kept: false,
                $"Connecting to {endPoint}{InNamespace(options)} timed out after {RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return run.Report(Kind, kept: false, $"Connecting to {endPoint}{InNamespace(options)} failed: {e.Message}");
        }

        Task<string?>? outstanding = null;
        try
        {
            var reader = new LineReader(socket);
            long slot = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var elapsed = _time.GetElapsedTime(started);
                if (elapsed >= options.Duration)
                {
                    break;
                }

                var due = options.Interval * slot;
                if (due > elapsed)
                {
                    var wait = due - elapsed;
                    var left = options.Duration - elapsed;
                    await Task.Delay(wait < left ? wait : left, _time, cancellationToken).ConfigureAwait(false);
                    if (_time.GetElapsedTime(started) >= options.Duration)
                    {
                        break;
                    }
                }

                run.Requests++;
                var stopwatch = Stopwatch.StartNew();
                await socket.SendAsync(Request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                outstanding = reader.ReadLineAsync();
                var (line, timedOut, finished) = await AwaitReplyAsync(outstanding, options, started, cancellationToken)
                    .ConfigureAwait(false);
                if (timedOut)
                {
                    run.Errors++;
                }

                if (!finished)
                {
                    // The run ended while this request had no reply yet; only a long wait is worth reporting.
                    if (timedOut || stopwatch.Elapsed > GapTracker.ThresholdFor(options.Interval))
                    {
                        if (!timedOut)
                        {
                            run.Errors++;
                        }

                        run.Error = $"No reply to the last request when the run ended (waited " +
                            $"{stopwatch.Elapsed.TotalMilliseconds:0} ms).";
                    }

                    break;
                }

                outstanding = null;
                stopwatch.Stop();
                if (line is null)
                {
                    run.Resets++;
                    run.Kept = false;
                    run.Error = $"Connection to {endPoint} was closed by the peer (EOF).";
                    break;
                }

                var expected = IsExpectedReply(line);
                if (expected)
                {
                    run.Gaps.Success(_time.GetUtcNow());
                }

                if (expected && !timedOut)
                {
                    run.Latency.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
                else if (!expected && !timedOut)
                {
                    run.Errors++;
                }

                // Fixed rate, but after a stall continue from now instead of sending a burst to catch up.
                var next = (long)Math.Floor(_time.GetElapsedTime(started) / options.Interval) + 1;
                slot = Math.Max(slot + 1, next);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation ends the run; report what was seen so far.
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            run.Resets++;
            run.Kept = false;
            run.Error = $"Connection to {endPoint} was reset: {e.SocketErrorCode} ({e.Message}).";
        }
        catch (SocketException e)
        {
            run.Errors++;
            run.Kept = false;
            run.Error = $"Connection to {endPoint} failed: {e.SocketErrorCode} ({e.Message}).";
        }
        catch (InvalidDataException e)
        {
            run.Errors++;
            run.Kept = false;
            run.Error = $"Protocol error from {endPoint}: {e.Message}";
        }
        finally
        {
            socket.Dispose();
            // A read still pending fails once the socket is gone; observe it so it is not reported later.
            outstanding?.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return run.Report(Kind, run.Kept, run.Error);
    }

    /// <summary>Waits for a reply, counting a timeout once and then waiting on for the late reply until the
    /// run's duration ends. Throws on cancellation and on socket errors.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(1);

    private async Task<(string? Line, bool TimedOut, bool Finished)> AwaitReplyAsync(Task<string?> reply,
        ProbeOptions options, long started, CancellationToken cancellationToken)
    {
        var timedOut = false;
        var graceUsed = false;
        while (true)
        {
            var left = options.Duration - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                if (reply.IsCompleted)
                {
                    return (await reply.ConfigureAwait(false), timedOut, true);
                }

                // The run is over but a reply is on its way: give it a moment, so that a slow machine at the
                // very end of a run is not reported as a service that stopped answering.
                if (graceUsed)
                {
                    return (null, timedOut, false);
                }

                graceUsed = true;
                left = EndGrace;
            }

            var window = RequestTimeout < left ? RequestTimeout : left;
            try
            {
                return (await reply.WaitAsync(window, _time, cancellationToken).ConfigureAwait(false), timedOut, true);
            }
            catch (TimeoutException) when (!timedOut && window == RequestTimeout)
            {
                timedOut = true;
            }
            catch (TimeoutException)
            {
                // Either the duration ended (checked above) or a further timeout window passed.
            }
        }
    }

    private static bool IsReset(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;

    private static string InNamespace(ProbeOptions options) =>
        options.NetnsPath is null ? "" : $" in network namespace '{options.NetnsPath}'";

    private sealed class RunState(TimeSpan interval)
    {
        public long Requests;
        public long Errors;
        public long Resets;
        public bool Kept = true;
        public string? Error;
        public LatencyStats Latency { get; } = new();
        public GapTracker Gaps { get; } = new(interval);

        public ProbeReport Report(string kind, bool kept, string? error) => new(kind, Requests, Errors, Resets,
            Latency.Percentile(50), Latency.Percentile(99), Latency.Max, Gaps.LongestGapMs, Gaps.Gaps.ToArray(),
            kept, error);
    }
}

/// <summary>Redis: <c>PING</c>, expecting <c>+PONG</c>.</summary>
public sealed class RedisProbe(TimeProvider time, TimeSpan? requestTimeout = null)
    : LineProtocolProbe("redis", time, requestTimeout)
{
    private static readonly byte[] Ping = "PING\r\n"u8.ToArray();

    protected override ReadOnlyMemory<byte> Request => Ping;

    protected override bool IsExpectedReply(string line) => line == "+PONG";
}

/// <summary>memcached: <c>version</c>, expecting a line starting with <c>VERSION</c>.</summary>
public sealed class MemcachedProbe(TimeProvider time, TimeSpan? requestTimeout = null)
    : LineProtocolProbe("memcached", time, requestTimeout)
{
    private static readonly byte[] Version = "version\r\n"u8.ToArray();

    protected override ReadOnlyMemory<byte> Request => Version;

    protected override bool IsExpectedReply(string line) => line.StartsWith("VERSION", StringComparison.Ordinal);
}

/// <summary>dprgen (Mose's dirty-page generator): <c>PING</c>, expecting <c>PONG</c>.</summary>
public sealed class DprgenProbe(TimeProvider time, TimeSpan? requestTimeout = null)
    : LineProtocolProbe("dprgen", time, requestTimeout)
{
    private static readonly byte[] Ping = "PING\n"u8.ToArray();

    protected override ReadOnlyMemory<byte> Request => Ping;

    protected override bool IsExpectedReply(string line) => line == "PONG";
}
