using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mose.Probe;

/// <summary>
/// Opens TCP connections from inside another network namespace. A socket belongs to the namespace of
/// the thread that created it, so the socket is created on a dedicated thread that temporarily joins
/// the target namespace with setns(2) and switches back before it ends.
/// </summary>
public static class NetnsSocket
{
    private const string OwnNamespace = "/proc/thread-self/ns/net";

    /// <summary>Creates a TCP socket (NoDelay) in <paramref name="netnsPath"/> (null = current namespace)
    /// and connects it to <paramref name="endPoint"/>.</summary>
    /// <exception cref="IOException">The namespace could not be entered or left; names path and errno.</exception>
    /// <exception cref="SocketException">The connection failed.</exception>
    public static async Task<Socket> ConnectAsync(string? netnsPath, IPEndPoint endPoint,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = netnsPath is null
            ? CreateSocket(endPoint)
            : await CreateInNamespaceAsync(netnsPath, endPoint).ConfigureAwait(false);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket CreateSocket(IPEndPoint endPoint) =>
        new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    private static Task<Socket> CreateInNamespaceAsync(string netnsPath, IPEndPoint endPoint)
    {
        var done = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(CreateOnThisThread(netnsPath, endPoint));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "mose-netns-socket",
        };
        thread.Start();
        return done.Task;
    }

    private static Socket CreateOnThisThread(string netnsPath, IPEndPoint endPoint)
    {
        var original = OpenNamespace(OwnNamespace, "the thread's own network namespace");
        try
        {
            var target = OpenNamespace(netnsPath, "network namespace");
            try
            {
                if (Native.SetNs(target, Native.CloneNewNet) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    throw new IOException(
                        $"setns into network namespace '{netnsPath}' failed: {Native.Describe(errno)}.");
                }
            }
            finally
            {
                Native.Close(target);
            }

            Socket? socket = null;
            try
            {
                socket = CreateSocket(endPoint);
            }
            finally
            {
                if (Native.SetNs(original, Native.CloneNewNet) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    socket?.Dispose();
                    // This thread is about to end, so it cannot leak the wrong namespace further.
                    throw new IOException(
                        $"setns back from network namespace '{netnsPath}' failed: {Native.Describe(errno)}.");
                }
            }

            return socket;
        }
        finally
        {
            Native.Close(original);
        }
    }

    private static int OpenNamespace(string path, string what)
    {
        var fd = Native.Open(path, Native.ORdOnly | Native.OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open {what} '{path}': {Native.Describe(errno)}.");
        }

        return fd;
    }
}
