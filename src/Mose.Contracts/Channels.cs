using System.Net.Sockets;
using Grpc.Net.Client;

namespace Mose.Contracts;

/// <summary>Creates gRPC channels to "unix:/path" control sockets or "host:port" data addresses (HTTP/2
/// without TLS; the lab's links stay inside one machine).</summary>
public static class Channels
{
    /// <summary>Opens a channel; the address is "unix:/path/to.sock" or "host:port".</summary>
    public static GrpcChannel Create(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = address["unix:".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken)
                            .ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            return GrpcChannel.ForAddress("http://localhost", Options(handler));
        }

        return GrpcChannel.ForAddress($"http://{address}", Options(new SocketsHttpHandler()));
    }

    private static GrpcChannelOptions Options(SocketsHttpHandler handler)
    {
        handler.EnableMultipleHttp2Connections = true;
        return new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        };
    }
}
