using System.Net.Sockets;
using System.Text;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>The installed dprgen binary on loopback, without the lab: its protocol and its state's integrity.
/// The launcher run by <see cref="MoseCli.EnsureBuiltAsync"/> first recompiles it if its source changed.
/// </summary>
public sealed class DprgenBinaryTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Dprgen_With8MiB_AnswersEveryCommandAndChecksItsPages()
    {
        await MoseCli.EnsureBuiltAsync();
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        await using var dprgen = await DprgenProcess.StartAsync(ct, "--state-mb", "8", "--rate", "1000");
        Assert.Contains("state 8 MiB (2048 pages)", dprgen.StartLine, StringComparison.Ordinal);

        await using var client = await dprgen.ConnectAsync(ct);
        await client.PingAsync(ct);
        var stats = await DprgenWait.AchievedAsync(client, 1000, ct);
        Assert.Equal((8, 2048L, 1000), (stats.StateMiB, stats.Pages, stats.Rate));
        Assert.True((await client.CheckAsync(ct)).Ok);

        await client.SetRateAsync(0, ct);
        var first = await client.SumAsync(ct);
        Assert.Equal(first, await client.SumAsync(ct));
        Assert.Equal(0, (await client.StatsAsync(ct)).Rate);

        var (exitCode, rest) = await dprgen.TerminateAsync(ct);
        Assert.Equal(0, exitCode);
        Assert.Contains($"stopping after {first.Writes} writes", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dprgen_ManyClients_EachGetsItsOwnRepliesAndUnknownCommandsAreRefused()
    {
        await MoseCli.EnsureBuiltAsync();
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        await using var dprgen = await DprgenProcess.StartAsync(ct, "--state-mb", "1");

        using var a = new TcpClient();
        using var b = new TcpClient();
        await a.ConnectAsync("127.0.0.1", dprgen.Port, ct);
        await b.ConnectAsync("127.0.0.1", dprgen.Port, ct);

        // Pipelined and split mid-line: replies come in order, one line per command.
        var replies = await AskAsync(a, "PING\nHELLO\nRA", ct, lines: 2);
        Assert.Equal(["PONG", "err unknown command"], replies);
        Assert.Equal(["err rate must be 0..1000000 pages/s"], await AskAsync(a, "TE -3\n", ct, lines: 1));
        Assert.Equal(["ok pages=256"], await AskAsync(b, "CHECK\r\n", ct, lines: 1));
        Assert.Equal(["err line too long", "PONG"],
            await AskAsync(b, new string('x', 1000) + "\nPING\n", ct, lines: 2));
    }

    [Fact]
    public async Task Dprgen_SameSeed_SameState_OtherSeed_OtherState()
    {
        await MoseCli.EnsureBuiltAsync();
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        await using var one = await DprgenProcess.StartAsync(ct, "--state-mb", "2", "--seed", "7");
        await using var two = await DprgenProcess.StartAsync(ct, "--state-mb", "2", "--seed", "7");
        await using var other = await DprgenProcess.StartAsync(ct, "--state-mb", "2", "--seed", "8");

        var sums = new List<ulong>();
        foreach (var dprgen in new[] { one, two, other })
        {
            await using var client = await dprgen.ConnectAsync(ct);
            sums.Add((await client.SumAsync(ct)).Sum);
        }

        Assert.Equal(sums[0], sums[1]);
        Assert.NotEqual(sums[0], sums[2]);
    }

    private static async Task<string[]> AskAsync(TcpClient client, string text, CancellationToken ct,
        int lines)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (received.ToString().Count(c => c == '\n') < lines)
        {
            var n = await stream.ReadAsync(buffer, ct);
            Assert.True(n > 0, $"dprgen closed the connection after '{received}'");
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return received.ToString().TrimEnd('\n').Split('\n');
    }
}
