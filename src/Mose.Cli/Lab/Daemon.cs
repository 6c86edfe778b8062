using System.Diagnostics;

namespace Mose.Cli.Lab;

/// <summary>Starts and stops the lab's background processes (agents, orchestrator).</summary>
public static class Daemon
{
    /// <summary>The command line that runs this same mose build.</summary>
    public static IReadOnlyList<string> Self()
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find my own executable");
        return Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? [exe, typeof(Daemon).Assembly.Location]
            : [exe];
    }

    /// <summary>Starts a detached process in its own session. Its stdio go to /dev/null and a log file, never
    /// to the caller's pipes, so a test runner or CI reading our output is not held open by it.</summary>
    public static int Start(string name, IReadOnlyList<string> command)
    {
        Directory.CreateDirectory(LabPaths.Run);
        Directory.CreateDirectory(LabPaths.Logs);
        var pidFile = LabPaths.PidFile(name);
        File.Delete(pidFile);

        // sh only records its pid and wires stdio, then execs: the command itself stays an argument list.
        // setsid keeps that pid (sh is no group leader) and detaches it from our terminal and signals.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("echo $$ > \"$0\"; log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        start.ArgumentList.Add(pidFile);
        start.ArgumentList.Add(LabPaths.LogFile(name));
        start.ArgumentList.Add("setsid");
        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        return process.Id;
    }

    /// <summary>True when the daemon's pid file names a live process.</summary>
    public static bool IsRunning(string name) => ReadPid(name) is { } pid && Alive(pid);

    /// <summary>True when the daemon runs and started before this build of mose was made: it runs older code.
    /// </summary>
    public static bool RunsOlderBuild(string name)
    {
        if (ReadPid(name) is not { } pid || !Alive(pid))
        {
            return false;
        }

        using var process = Process.GetProcessById(pid);
        var built = File.GetLastWriteTimeUtc(typeof(Daemon).Assembly.Location);
        return process.StartTime.ToUniversalTime() < built;
    }

    /// <summary>Stops a daemon: SIGTERM, then SIGKILL after a grace period.</summary>
    public static async Task StopAsync(string name, CancellationToken cancellationToken)
    {
        if (ReadPid(name) is not { } pid)
        {
            return;
        }

        if (Alive(pid))
        {
            using var process = Process.GetProcessById(pid);
            Posix.Kill(pid, 15);
            var deadline = Stopwatch.StartNew();
            while (Alive(pid) && deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }

            if (Alive(pid))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        File.Delete(LabPaths.PidFile(name));
    }

    private static int? ReadPid(string name) =>
        File.Exists(LabPaths.PidFile(name)) && int.TryParse(File.ReadAllText(LabPaths.PidFile(name)).Trim(), out var pid)
            ? pid
            : null;

    // A zombie still has a /proc entry; only a state other than Z counts as alive.
    private static bool Alive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
