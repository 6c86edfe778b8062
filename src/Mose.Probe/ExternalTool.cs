using Mose.Core.Processes;

namespace Mose.Probe;

/// <summary>How an external measuring tool's run ended.</summary>
internal sealed record ExternalOutcome(CommandResult? Result, bool Cancelled, string? Failure, DateTimeOffset FinishedAt);

/// <summary>
/// Runs a measuring tool (optionally inside a network namespace via nsenter) through
/// <see cref="ICommandRunner"/>. Cancellation interrupts the tool with SIGINT so it still writes its
/// results; it is found by a unique marker (its output file path) in its command line, and killed
/// outright if it has not ended after a grace period.
/// </summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static (string Program, IReadOnlyList<string> Arguments) Command(string? netnsPath, string tool,
        IReadOnlyList<string> arguments)
    {
        if (netnsPath is null)
        {
            return (tool, arguments);
        }

        return ("nsenter", [$"--net={netnsPath}", tool, .. arguments]);
    }

    public static async Task<ExternalOutcome> RunAsync(ICommandRunner runner, TimeProvider time, string? netnsPath,
        string tool, IReadOnlyList<string> arguments, string marker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (program, args) = Command(netnsPath, tool, arguments);
        using var hardKill = new CancellationTokenSource();
        var run = runner.RunAsync(program, args, timeout, check: false, hardKill.Token);
        var cancelled = false;
        try
        {
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !run.IsCompleted)
        {
            cancelled = true;
            var since = time.GetTimestamp();
            while (!run.IsCompleted)
            {
                InterruptByMarker(marker);
                if (time.GetElapsedTime(since) > Grace)
                {
                    await hardKill.CancelAsync().ConfigureAwait(false);
                    break;
                }

                try
                {
                    await run.WaitAsync(TimeSpan.FromMilliseconds(100), time, CancellationToken.None)
                        .ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Not ended yet: signal again (it may not have started when first signalled).
                }
                catch (Exception)
                {
                    // The outcome is read below.
                }
            }
        }
        catch (Exception)
        {
            // The outcome is read below.
        }

        try
        {
            var result = await run.ConfigureAwait(false);
            return new ExternalOutcome(result, cancelled || cancellationToken.IsCancellationRequested, null,
                time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            return new ExternalOutcome(null, true,
                $"{tool} did not end within {Grace.TotalSeconds:0} s of SIGINT and was killed.", time.GetUtcNow());
        }
        catch (CommandFailedException e)
        {
            return new ExternalOutcome(null, cancelled, e.Message, time.GetUtcNow());
        }
        catch (Exception e)
        {
            return new ExternalOutcome(null, cancelled, $"Could not run {program}: {e.Message}", time.GetUtcNow());
        }
    }

    /// <summary>Sends SIGINT to every process whose command line contains <paramref name="marker"/>.</summary>
    internal static int InterruptByMarker(string marker)
    {
        var signalled = 0;
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self)
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.Split('\0').Any(arg => arg.Contains(marker, StringComparison.Ordinal))
                && Native.Kill(pid, Native.SigInt) == 0)
            {
                signalled++;
            }
        }

        return signalled;
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp file is harmless.
        }
    }

    public static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
