using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Mose.Integration.Tests.Support;

/// <summary>What one run of the CLI did.</summary>
public sealed partial record CliResult(string[] Args, int ExitCode, string StdOut, string StdErr, TimeSpan Took)
{
    /// <summary>stderr with Spectre's line wrapping (80 columns when redirected) undone: every run of whitespace
    /// becomes one space, so messages can be matched whole.</summary>
    public string StdErrFlat => Whitespace().Replace(StdErr, " ").Trim();

    /// <summary>For assertion messages.</summary>
    public override string ToString() =>
        $"mose {string.Join(' ', Args)} -> exit {ExitCode} in {Took.TotalSeconds:F1} s\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>Runs the real mose CLI as a child process, in a named lab.</summary>
public static class MoseCli
{
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private static bool _built;

    /// <summary>Builds the CLI once per test run through the launcher (which builds only when stale).</summary>
    public static async Task EnsureBuiltAsync()
    {
        await BuildGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_built)
            {
                return;
            }

            var r = await RunProcessAsync(Repo.Launcher, ["--help"], lab: null, TimeSpan.FromMinutes(5))
                .ConfigureAwait(false);
            if (r.ExitCode != 0 || !File.Exists(Repo.Binary))
            {
                throw new InvalidOperationException($"building mose failed:\n{r}");
            }

            _built = true;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    /// <summary>Runs `mose args...` with MOSE_LAB=<paramref name="lab"/>.</summary>
    public static Task<CliResult> RunAsync(string lab, TimeSpan timeout, params string[] args) =>
        RunProcessAsync(Repo.Binary, args, lab, timeout);

    /// <summary>Runs `mose args...` and fails unless it exits 0.</summary>
    public static async Task<CliResult> RunOkAsync(string lab, TimeSpan timeout, params string[] args)
    {
        var r = await RunAsync(lab, timeout, args).ConfigureAwait(false);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    /// <summary>Runs any program; a run that exceeds the timeout is killed (with its children) and reported.</summary>
    public static async Task<CliResult> RunProcessAsync(string program, IReadOnlyList<string> args, string? lab,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (lab is not null)
        {
            start.Environment["MOSE_LAB"] = lab;
        }

        start.Environment.Remove("MOSE_LAB_ROOT");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outTask = Pump(process.StandardOutput, stdout);
        var errTask = Pump(process.StandardError, stderr);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            await Task.WhenAll(outTask, errTask).ConfigureAwait(false);
            throw new TimeoutException($"{program} {string.Join(' ', args)} (MOSE_LAB={lab}) took over " +
                $"{timeout.TotalSeconds:F0} s and was killed\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
        }

        await Task.WhenAll(outTask, errTask).ConfigureAwait(false);
        return new CliResult([.. args], process.ExitCode, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, n);
            }
        }
    }
}
