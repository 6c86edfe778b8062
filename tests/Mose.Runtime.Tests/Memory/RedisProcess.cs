using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mose.Core.Processes;

namespace Mose.Runtime.Tests.Memory;

/// <summary>
/// A real redis-server started for a test on a private unix socket (no port to collide on), with the
/// DEBUG command on so it can be filled quickly. Killed when disposed, whatever the test's outcome.
/// </summary>
internal sealed class RedisProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RedisProcess(TempDirectory directory)
    {
        _directory = directory;
        // CRIU can dump a process whose stdio are pipes, and whose other descriptors are its own.
        var info = new ProcessStartInfo(CleanExec.Shell)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in CleanExec.Arguments("/usr/bin/redis-server", new[]
                 {
                     "--port", "0", "--unixsocket", SocketPath, "--save", "", "--appendonly", "no",
                     "--enable-debug-command", "local", "--daemonize", "no",
                 }))
        {
            info.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(
            new InvalidOperationException($"redis-server exited early: {Output}"));
    }

    public int Pid => _process.Id;

    public string SocketPath => _directory.Combine("redis.sock");

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

    /// <summary>Starts redis and returns once it says it accepts connections.</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(new TempDirectory());
        try
        {
            redis._process.Start();
            redis._process.BeginOutputReadLine();
            redis._process.BeginErrorReadLine();
            await redis._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return redis;
        }
        catch
        {
            redis.Dispose();
            throw;
        }
    }

    public Task<RespClient> ConnectAsync() => RespClient.ConnectAsync(SocketPath);

    /// <summary>Fills redis with about <paramref name="mebibytes"/> MiB of 1000-byte values.</summary>
    public async Task PopulateAsync(int mebibytes, string prefix = "key")
    {
        using var client = await ConnectAsync();
        var keys = (mebibytes * 1024 * 1024 / 1000).ToString(CultureInfo.InvariantCulture);
        await client.SendAsync("DEBUG", "POPULATE", keys, prefix, "1000");
    }

    /// <summary>Kills redis (SIGKILL, so even a stopped one) and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _directory.Dispose();
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

        if (line.Contains("ready to accept connections", StringComparison.OrdinalIgnoreCase))
        {
            _ready.TrySetResult();
        }
    }
}
