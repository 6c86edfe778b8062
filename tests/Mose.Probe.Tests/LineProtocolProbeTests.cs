using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mose.Probe.Tests;

/// <summary>Probe loop behaviour against a scripted in-process server on loopback.</summary>
public class LineProtocolProbeTests
{
    /// <summary>Accepts one connection and answers each line with reply(request number),
    /// after waiting delay(request number).</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        public ScriptedServer(Func<int, string> reply, Func<int, TimeSpan> delay)
        {
            _listener.Start();
            _serving = ServeAsync(reply, delay);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task ServeAsync(Func<int, string> reply, Func<int, TimeSpan> delay)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var n = 0;
                while (await reader.ReadLineAsync(_stop.Token) is not null)
                {
                    n++;
                    var wait = delay(n);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stop.Token);
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes(reply(n) + "\r\n"), _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // Stopped.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving;
            _stop.Dispose();
        }
    }

    private static ProbeOptions Options(int port, int durationMs, int intervalMs) =>
        new("redis", IPAddress.Loopback, port, TimeSpan.FromMilliseconds(durationMs), TimeSpan.FromMilliseconds(intervalMs), null);

    [Fact]
    public async Task StallingServer_GapIsListed_ConnectionKept()
    {
        await using var server = new ScriptedServer(_ => "+PONG", n => n == 5 ? TimeSpan.FromMilliseconds(400) : TimeSpan.Zero);

        var report = await new RedisProbe(TimeProvider.System).RunAsync(Options(server.Port, 1200, 20), CancellationToken.None);

        Assert.True(report.ConnectionKept, report.Error);
        Assert.Null(report.Error);
        Assert.Equal(0, report.Errors);
        Assert.Equal(0, report.Resets);
        // Timing on a loaded 2-core machine varies, so only what the stall must cause is checked: a listed
        // gap at least as long as the stall, reported as the longest, and a latency sample that saw it.
        Assert.True(report.Requests >= 5, $"{report.Requests} requests");
        Assert.Contains(report.Gaps, g => g.Ms is >= 350 and < 5000);
        Assert.Equal(report.Gaps.Max(g => g.Ms), report.LongestGapMs);

        // The server may read the request a moment before the probe starts its stopwatch after sending it.
        Assert.True(report.MaxMs >= 350, $"max latency {report.MaxMs} ms");
    }

    [Fact]
    public async Task LateReply_CountsOneErrorButKeepsConnection()
    {
        await using var server = new ScriptedServer(_ => "+PONG", n => n == 3 ? TimeSpan.FromMilliseconds(700) : TimeSpan.Zero);

        var probe = new RedisProbe(TimeProvider.System, requestTimeout: TimeSpan.FromMilliseconds(200));
        var report = await probe.RunAsync(Options(server.Port, 1500, 20), CancellationToken.None);

        Assert.True(report.ConnectionKept, report.Error);
        Assert.Equal(1, report.Errors);
        Assert.True(report.LongestGapMs >= 700, $"longest gap {report.LongestGapMs}");
        Assert.True(report.MaxMs < 700, "the late reply is not a latency sample");
    }

    [Fact]
    public async Task WrongReply_CountsErrors()
    {
        await using var server = new ScriptedServer(n => n % 2 == 0 ? "-LOADING busy" : "+PONG", _ => TimeSpan.Zero);

        var report = await new RedisProbe(TimeProvider.System).RunAsync(Options(server.Port, 500, 20), CancellationToken.None);

        Assert.True(report.ConnectionKept);
        Assert.True(report.Errors >= report.Requests / 2 - 1, $"{report.Errors} of {report.Requests}");
        Assert.True(report.Errors > 0);
    }

    [Fact]
    public async Task Cancellation_ReturnsReportSoFar()
    {
        await using var server = new ScriptedServer(_ => "+PONG", _ => TimeSpan.Zero);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        var report = await new RedisProbe(TimeProvider.System).RunAsync(Options(server.Port, 60_000, 20), cts.Token);

        Assert.True(report.ConnectionKept);
        Assert.Null(report.Error);
        Assert.InRange(report.Requests, 1, 30);
    }
}
