using System.Net;
using System.Net.Sockets;
using System.Text;
using Mose.Contracts.Orchestrator;
using Mose.Probe;

namespace Mose.Cli.Client;

/// <summary>
/// A client of dprgen's line protocol over one kept TCP connection, e.g. from the lab's `ue` namespace, so
/// that the same connection can be asked before and after a migration. One command at a time: not
/// thread-safe.
/// </summary>
public sealed class DprgenClient : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private DprgenClient(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    /// <summary>Connects from a network namespace (null = the current one), e.g.
    /// <see cref="LabServices.ClientNetns"/>.</summary>
    public static async Task<DprgenClient> ConnectAsync(string? netnsPath, IPAddress address, int port,
        CancellationToken cancellationToken) =>
        new(await NetnsSocket.ConnectAsync(netnsPath, new IPEndPoint(address, port), cancellationToken)
            .ConfigureAwait(false));

    /// <summary>Connects from the lab's client namespace `ue` to a deployed dprgen.</summary>
    public static Task<DprgenClient> ConnectAsync(ServicePlacement service,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ConnectAsync(LabServices.ClientNetns, LabServices.Address(service), service.Ports[0],
            cancellationToken);
    }

    /// <summary>PING. dprgen answers only once its state is filled, so this also waits until it is ready.
    /// </summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var line = await AskAsync("PING", cancellationToken).ConfigureAwait(false);
        if (line != "PONG")
        {
            throw new InvalidDataException($"dprgen answered '{line}' to PING");
        }
    }

    /// <summary>STATS: write count, configured and achieved rate, state size.</summary>
    public async Task<DprgenStats> StatsAsync(CancellationToken cancellationToken) =>
        DprgenReplies.ParseStats(await AskAsync("STATS", cancellationToken).ConfigureAwait(false));

    /// <summary>SUM: a checksum of the whole state. Costs about 0.2 s per GiB, during which no page is
    /// written.</summary>
    public async Task<DprgenSum> SumAsync(CancellationToken cancellationToken) =>
        DprgenReplies.ParseSum(await AskAsync("SUM", cancellationToken).ConfigureAwait(false));

    /// <summary>CHECK: regenerates every page from its version and compares. About 0.3 s per GiB.</summary>
    public async Task<DprgenCheck> CheckAsync(CancellationToken cancellationToken) =>
        DprgenReplies.ParseCheck(await AskAsync("CHECK", cancellationToken).ConfigureAwait(false));

    /// <summary>RATE: pages rewritten per second from now on; 0 stops writing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..<see cref="Core.Services.Dprgen.MaxRate"/>.
    /// </exception>
    public async Task SetRateAsync(int pagesPerSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pagesPerSecond);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pagesPerSecond, Core.Services.Dprgen.MaxRate);
        var command = FormattableString.Invariant($"RATE {pagesPerSecond}");
        DprgenReplies.ParseOk(await AskAsync(command, cancellationToken).ConfigureAwait(false), command);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<string> AskAsync(string command, CancellationToken cancellationToken)
    {
        var request = Encoding.ASCII.GetBytes(command + "\n");
        await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"dprgen closed the connection instead of answering {command}");
    }
}
