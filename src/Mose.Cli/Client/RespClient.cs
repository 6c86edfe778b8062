using System.Net;
using System.Net.Sockets;
using System.Text;
using Mose.Probe;

namespace Mose.Cli.Client;

/// <summary>A minimal Redis client (RESP) for the demo and benchmarks: loads keys and checks them from the
/// client's namespace. It is a client of the service under test, not part of Mose's migration path.</summary>
public sealed class RespClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RespClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    /// <summary>Connects from a network namespace (null = the current one).</summary>
    public static async Task<RespClient> ConnectAsync(string? netnsPath, IPAddress address, int port,
        CancellationToken cancellationToken) =>
        new(await NetnsSocket.ConnectAsync(netnsPath, new IPEndPoint(address, port), cancellationToken)
            .ConfigureAwait(false));

    /// <summary>Sets many keys in one pipelined batch.</summary>
    public async Task SetManyAsync(IEnumerable<KeyValuePair<string, string>> pairs, CancellationToken cancellationToken)
    {
        var count = 0;
        var batch = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            batch.Append(Command("SET", key, value));
            count++;
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(batch.ToString()), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line != "+OK")
            {
                throw new InvalidOperationException($"redis answered '{line}' to SET");
            }
        }
    }

    /// <summary>GET; null when the key does not exist.</summary>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await SendAsync(Command("GET", key), cancellationToken).ConfigureAwait(false);
        var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (header == "$-1")
        {
            return null;
        }

        var value = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>DBSIZE: the number of keys.</summary>
    public async Task<long> DbSizeAsync(CancellationToken cancellationToken)
    {
        await SendAsync(Command("DBSIZE"), cancellationToken).ConfigureAwait(false);
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return long.Parse(line.TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The server's id for this connection (CLIENT ID): equal before and after a migration only
    /// if the very same connection survived.</summary>
    public async Task<long> ClientIdAsync(CancellationToken cancellationToken)
    {
        await SendAsync(Command("CLIENT", "ID"), cancellationToken).ConfigureAwait(false);
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return long.Parse(line.TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private Task SendAsync(string command, CancellationToken cancellationToken) =>
        _stream.WriteAsync(Encoding.UTF8.GetBytes(command), cancellationToken).AsTask();

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken) =>
        await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new IOException("redis closed the connection");

    private static string Command(params string[] parts)
    {
        var sb = new StringBuilder($"*{parts.Length}\r\n");
        foreach (var part in parts)
        {
            sb.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return sb.ToString();
    }
}
