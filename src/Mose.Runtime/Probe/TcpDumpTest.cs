using System.Diagnostics;
using System.Net.Sockets;
using Mose.Core.Processes;

namespace Mose.Runtime.Probe;

/// <summary>
/// The honest test of TCP checkpointing: inside a throw-away network namespace, a redis server holds an
/// established connection from redis-cli, and CRIU dumps the server with --tcp-established, leaving it
/// running. Passes only if CRIU writes a tcp-stream image.
/// </summary>
internal sealed class TcpDumpTest(ICommandRunner runner, string criuPath, string dataRoot)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<Capability> RunAsync(CancellationToken cancellationToken)
    {
        // Not under any lab's prefix, so `lab down` of a lab never removes it from under a running test.
        var netns = $"moseprobe-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}";
        var dir = Path.Combine(dataRoot, $"tcp-probe-{Environment.ProcessId}");
        Process? client = null;
        try
        {
            Directory.CreateDirectory(dir);
            await Run("ip", ["netns", "add", netns], cancellationToken).ConfigureAwait(false);
            await Run("ip", ["-n", netns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            var pidFile = Path.Combine(dir, "redis.pid");
            await Run("nsenter", [$"--net=/run/netns/{netns}", CleanExec.Shell, .. CleanExec.Arguments("redis-server",
                ["--port", "6390", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidFile,
                 "--logfile", ""])], cancellationToken).ConfigureAwait(false);
            var pid = await WaitPidAsync(pidFile, cancellationToken).ConfigureAwait(false);

            // A blocked BLPOP keeps one established connection open for the length of the dump.
            client = Process.Start(new ProcessStartInfo("nsenter",
                [$"--net=/run/netns/{netns}", "redis-cli", "-p", "6390", "BLPOP", "mose-probe", "0"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            })!;
            await WaitEstablishedAsync(netns, cancellationToken).ConfigureAwait(false);

            var images = Path.Combine(dir, "images");
            Directory.CreateDirectory(images);
            var dump = await runner.RunAsync(criuPath, ["dump", "-t", pid.ToString(), "-D", images,
                "--tcp-established", "--leave-running", "--shell-job", "-o", "dump.log", "-v2"],
                Timeout, check: false, cancellationToken).ConfigureAwait(false);
            var stream = Directory.EnumerateFiles(images, "tcp-stream-*.img").Any();
            if (dump.ExitCode == 0 && stream)
            {
                return new Capability(HostProber.TcpEstablished, true, "real dump of an established connection");
            }

            var error = File.Exists(Path.Combine(images, "dump.log"))
                ? Criu.CriuLog.Tail(images, "dump.log", lines: 2)
                : dump.StandardError;
            return new Capability(HostProber.TcpEstablished, false, $"dump failed: {error.Trim()}");
        }
        catch (Exception e) when (e is CommandFailedException or IOException or TimeoutException)
        {
            return new Capability(HostProber.TcpEstablished, false, $"test could not run: {e.Message}");
        }
        finally
        {
            if (client is { HasExited: false })
            {
                client.Kill(entireProcessTree: true);
            }

            client?.Dispose();
            // Deleting the namespace does not stop redis; kill what still runs in it first.
            await runner.RunAsync("ip", ["netns", "pids", netns], Timeout, check: false, CancellationToken.None)
                .ContinueWith(t => KillAll(t.Result.StandardOutput), TaskScheduler.Default).ConfigureAwait(false);
            await runner.RunAsync("ip", ["netns", "delete", netns], Timeout, check: false, CancellationToken.None)
                .ConfigureAwait(false);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void KillAll(string pids)
    {
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var p = Process.GetProcessById(int.Parse(pid));
                p.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    private Task Run(string program, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        runner.RunAsync(program, args, Timeout, check: true, cancellationToken);

    private static async Task<int> WaitPidAsync(string pidFile, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("redis-server did not start for the TCP dump test");
    }

    private async Task WaitEstablishedAsync(string netns, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            var ss = await runner.RunAsync("ip", ["netns", "exec", netns, "ss", "-Htn", "state", "established"],
                Timeout, check: false, cancellationToken).ConfigureAwait(false);
            if (ss.StandardOutput.Contains(":6390", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("redis-cli did not connect for the TCP dump test");
    }
}
