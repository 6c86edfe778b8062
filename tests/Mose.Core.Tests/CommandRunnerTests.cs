using System.Diagnostics;
using Mose.Core.Processes;

namespace Mose.Core.Tests;

public sealed class CommandRunnerTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly string _scratch = Directory.CreateTempSubdirectory("mose-core-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task RunAsync_WithSuccessfulProgram_ReturnsItsOutput()
    {
        var result = await Shell("printf 'out'; printf 'err' >&2", Generous);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out", result.StandardOutput);
        Assert.Equal("err", result.StandardError);
    }

    [Fact]
    public async Task RunAsync_PassesArgumentsWithoutAShell()
    {
        var result = await CommandRunner.Instance.RunAsync("/usr/bin/printf", ["[%s]", "a b", "", "$HOME;x"],
            Generous);

        Assert.Equal("[a b][][$HOME;x]", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_WithNonZeroExit_ThrowsWithExitCodeAndStandardError()
    {
        var error = await Assert.ThrowsAsync<CommandFailedException>(
            () => Shell("echo 'no such volume' >&2; exit 3", Generous));

        Assert.Equal(3, error.ExitCode);
        Assert.False(error.TimedOut);
        Assert.Equal("/bin/sh", error.Program);
        Assert.Equal("no such volume\n", error.StandardError);
        Assert.Contains("exited with code 3: no such volume", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithCheckFalse_ReturnsTheNonZeroExitCode()
    {
        var result = await CommandRunner.Instance.RunAsync("/bin/sh", ["-c", "echo bad >&2; exit 7"], Generous,
            check: false);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("bad\n", result.StandardError);
    }

    [Fact]
    public async Task RunAsync_WithLongStandardError_KeepsOnlyItsTailInTheMessage()
    {
        var error = await Assert.ThrowsAsync<CommandFailedException>(
            () => Shell("head -c 5000 /dev/zero | tr '\\0' x >&2; echo END >&2; exit 1", Generous));

        Assert.Equal(5004, error.StandardError.Length);
        Assert.Contains("…", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("xxxEND", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 700, $"message has {error.Message.Length} characters");
    }

    [Fact]
    public async Task RunAsync_PastItsTimeout_ThrowsTimedOutQuickly()
    {
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CommandFailedException>(
            () => CommandRunner.Instance.RunAsync("/bin/sh", ["-c", "sleep 30"], TimeSpan.FromMilliseconds(300),
                check: false));

        Assert.True(error.TimedOut);
        Assert.Equal(-1, error.ExitCode);
        Assert.Contains("timed out and was killed", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_PastItsTimeout_KillsTheChildrenToo()
    {
        var pidFile = Path.Combine(_scratch, "child.pid");

        // The shell starts the sleep as its own child and waits for it: killing only the shell would
        // leave the sleep running for 30 s.
        var error = await Assert.ThrowsAsync<CommandFailedException>(
            () => Shell($"sleep 30 & echo $! > {pidFile}; wait", TimeSpan.FromMilliseconds(500)));

        Assert.True(error.TimedOut);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(SpinWait.SpinUntil(() => IsGone(child), TimeSpan.FromSeconds(5)),
            $"the shell's child {child} still runs");
    }

    [Fact]
    public async Task RunAsync_WhenTheCallerCancels_ThrowsOperationCanceledNotTimedOut()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var error = await Record.ExceptionAsync(() => CommandRunner.Instance.RunAsync("/bin/sh",
            ["-c", "sleep 30"], Generous, cancellationToken: cancelled.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public async Task RunAsync_WithEnvironment_PassesTheVariablesToTheProgram()
    {
        var environment = new Dictionary<string, string>
        {
            ["MOSE_TEST_GREETING"] = "hello world",
            ["CRIU_CONFIG_FILE"] = "/tmp/criu.conf",
        };

        var result = await CommandRunner.Instance.RunAsync("/bin/sh",
            ["-c", "printf '%s|%s' \"$MOSE_TEST_GREETING\" \"$CRIU_CONFIG_FILE\""], environment, Generous);

        Assert.Equal("hello world|/tmp/criu.conf", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_WithEnvironment_KeepsTheInheritedOnes()
    {
        var result = await CommandRunner.Instance.RunAsync("/bin/sh", ["-c", "printf %s \"$PATH\""],
            new Dictionary<string, string> { ["MOSE_TEST_OTHER"] = "1" }, Generous);

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), result.StandardOutput);
    }

    private static Task<CommandResult> Shell(string script, TimeSpan timeout) =>
        CommandRunner.Instance.RunAsync("/bin/sh", ["-c", script], timeout);

    /// <summary>True when the process is gone or a zombie waiting for its (new) parent to reap it.</summary>
    private static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
