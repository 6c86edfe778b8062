using System.Diagnostics;

namespace Mose.Integration.Tests.Support;

/// <summary>The real mose CLI running in the background, its output lines readable while it runs, so a test
/// can act at a given moment of a command (e.g. kill the orchestrator once a migration reports pre-copy).
/// </summary>
public sealed class BackgroundCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private BackgroundCli(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts `mose args...` in the given lab.</summary>
    public static BackgroundCli Start(string lab, params string[] args)
    {
        var start = new ProcessStartInfo(Repo.Binary)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MOSE_LAB"] = lab;
        start.Environment.Remove("MOSE_LAB_ROOT");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start mose");
        process.StandardInput.Close();
        return new BackgroundCli(process);
    }

    /// <summary>Every line printed so far (stdout and stderr, in arrival order).</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits for a line holding <paramref name="text"/>; fails if the command ends first.</summary>
    public Task WaitForLineAsync(string text, TimeSpan timeout) =>
        Poll.UntilAsync($"mose prints '{text}'", timeout, () =>
        {
            var output = Output;
            if (_process.HasExited && !output.Contains(text, StringComparison.Ordinal))
            {
                throw new Xunit.Sdk.XunitException($"mose ended (exit {_process.ExitCode}) before printing " +
                    $"'{text}':\n{output}");
            }

            return Task.FromResult((output.Contains(text, StringComparison.Ordinal), output));
        });

    /// <summary>Waits for the command to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
