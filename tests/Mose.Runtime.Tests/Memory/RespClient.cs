using System.Net.Sockets;
using System.Text;

namespace Mose.Runtime.Tests.Memory;

/// <summary>Just enough of the redis protocol to populate and write keys over a unix socket.</summary>
internal sealed class RespClient : IDisposable
{
    private readonly Socket _socket;
    private readonly BufferedStream _stream;

    private RespClient(Socket socket)
    {
        _socket = socket;
        _stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false));
    }

    public static async Task<RespClient> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            return new RespClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and returns its reply as text; an error reply throws.</summary>
    public async Task<string> SendAsync(params string[] arguments)
    {
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n")
                .Append(argument).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        await _stream.FlushAsync();
        return ReadReply();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private string ReadReply()
    {
        var line = ReadLine();
        switch (line[0])
        {
            case '-':
                throw new InvalidOperationException($"redis: {line[1..]}");
            case '$':
                var length = int.Parse(line[1..]);
                if (length < 0)
                {
                    return "";
                }

                var bulk = new byte[length + 2];
                _stream.ReadExactly(bulk);
                return Encoding.UTF8.GetString(bulk, 0, length);
            default:
                return line[1..];
        }
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        int b;
        while ((b = _stream.ReadByte()) is not '\n' and not -1)
        {
            if (b != '\r')
            {
                line.Append((char)b);
            }
        }

        return b == -1 ? throw new EndOfStreamException("redis closed the connection") : line.ToString();
    }
}
