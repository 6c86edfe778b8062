using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Mose.Cli.Client;

namespace Mose.Integration.Tests.Support;

/// <summary>The installed dprgen binary run directly on loopback, outside any container, on a port the kernel
/// picks (--port 0) and dprgen's start line names.</summary>
public sealed partial class DprgenProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DprgenProcess(Process process, string startLine, int port)
    {
        _process = process;
        StartLine = startLine;
        Port = port;
    }

    /// <summary>What dprgen printed when ready.</summary>
    public string StartLine { get; }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Its process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Starts dprgen with <paramref name="args"/> (besides --port and --bind) and waits for its
    /// start line.</summary>
    public static async Task<DprgenProcess> StartAsync(CancellationToken cancellationToken,
        params string[] args)
    {
        var start = new ProcessStartInfo(Mose.Core.Services.Dprgen.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args.Concat(["--port", "0", "--bind", "127.0.0.1"]))
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dprgen");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken) ?? "";
            var port = Listening().Match(line);
            Assert.True(port.Success, $"dprgen's start line names no port: '{line}'");
            return new DprgenProcess(process, line,
                int.Parse(port.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>A new connection to it.</summary>
    public Task<DprgenClient> ConnectAsync(CancellationToken cancellationToken) =>
        DprgenClient.ConnectAsync(null, IPAddress.Loopback, Port, cancellationToken);

    /// <summary>Sends SIGTERM and returns the exit code and the rest of its output.</summary>
    public async Task<(int ExitCode, string Output)> TerminateAsync(CancellationToken cancellationToken)
    {
        var pid = Pid.ToString(CultureInfo.InvariantCulture);
        var kill = await MoseCli.RunProcessAsync("kill", ["-TERM", pid], lab: null, TimeSpan.FromSeconds(15));
        Assert.True(kill.ExitCode == 0, kill.ToString());
        var rest = await _process.StandardOutput.ReadToEndAsync(cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
        return (_process.ExitCode, rest);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+),")]
    private static partial Regex Listening();
}
