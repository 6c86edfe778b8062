using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mose.Core.Processes;
using Mose.Probe;

namespace Mose.Probe.Tests;

internal static class Fixture
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until something accepts TCP connections on the port (optionally inside a namespace).</summary>
    public static async Task WaitForAcceptAsync(int port, string? netnsPath = null, ServerProcess? server = null)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (server is { HasExited: true })
            {
                throw new InvalidOperationException($"Server exited early: {server.Output}");
            }

            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var socket = await NetnsSocket.ConnectAsync(netnsPath, new IPEndPoint(IPAddress.Loopback, port), cts.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                last = e;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Nothing accepted connections on port {port}: {last?.Message} {server?.Output}");
    }

    /// <summary>Polls /proc/net/tcp (current namespace) until a socket listens on the port, without connecting.</summary>
    public static async Task WaitForListenAsync(int port, ServerProcess? server = null)
    {
        var hex = port.ToString("X4", CultureInfo.InvariantCulture);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (server is { HasExited: true })
            {
                throw new InvalidOperationException($"Server exited early: {server.Output}");
            }

            var listening = File.ReadLines("/proc/net/tcp").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(f => f.Length > 3 && f[1].EndsWith(":" + hex, StringComparison.Ordinal) && f[3] == "0A");
            if (listening)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Nothing listened on port {port}. {server?.Output}");
    }
}

/// <summary>A real server process started by a test and killed (whole tree) on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    public ServerProcess(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServerProcess Redis(int port, string? netns = null) => Start(netns, "redis-server",
        "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no");

    public static ServerProcess Memcached(int port) => Start(null, "memcached",
        "-l", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "0", "-u", "root");

    public static ServerProcess Sockperf(int port, string? netns = null) => Start(netns, "sockperf",
        "server", "--tcp", "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture));

    public static ServerProcess Iperf3(int port) => Start(null, "iperf3",
        "-s", "-B", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture));

    private static ServerProcess Start(string? netns, string program, params string[] arguments) => netns is null
        ? new ServerProcess(program, arguments)
        : new ServerProcess("ip", ["netns", "exec", netns, program, .. arguments]);

    /// <summary>Kills the server abruptly (SIGKILL) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>A throw-away network namespace with loopback up, deleted on dispose.</summary>
internal sealed class TestNetns : IAsyncDisposable
{
    private TestNetns(string name) => Name = name;

    public string Name { get; }

    public string Path => $"/run/netns/{Name}";

    public static async Task<TestNetns> CreateAsync()
    {
        var name = $"mose-t-probe-{Guid.NewGuid().ToString("N")[..8]}";
        await CommandRunner.Instance.RunAsync("ip", ["netns", "add", name], TimeSpan.FromSeconds(10));
        var netns = new TestNetns(name);
        try
        {
            await CommandRunner.Instance.RunAsync("ip", ["-n", name, "link", "set", "lo", "up"], TimeSpan.FromSeconds(10));
        }
        catch
        {
            await netns.DisposeAsync();
            throw;
        }

        return netns;
    }

    public async ValueTask DisposeAsync() =>
        await CommandRunner.Instance.RunAsync("ip", ["netns", "del", Name], TimeSpan.FromSeconds(10), check: false);
}
