using System.Diagnostics;
using System.Text;
using CliWrap;

namespace Mose.Core.Processes;

/// <summary>CliWrap-backed runner; a timeout kills the whole process tree.</summary>
public sealed class CommandRunner : ICommandRunner
{
    public static CommandRunner Instance { get; } = new();

    public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        bool check = true, CancellationToken cancellationToken = default) =>
        RunAsync(program, arguments, new Dictionary<string, string>(), timeout, check, cancellationToken);

    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, bool check = true,
        CancellationToken cancellationToken = default)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var stopwatch = Stopwatch.StartNew();

        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, e => (string?)e.Value))
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);

        int exitCode;
        try
        {
            var result = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            exitCode = result.ExitCode;
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested
            && !cancellationToken.IsCancellationRequested)
        {
            throw new CommandFailedException(program, arguments, -1, stderr.ToString(), timedOut: true);
        }

        var outcome = new CommandResult(exitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
        if (check && exitCode != 0)
        {
            throw new CommandFailedException(program, arguments, exitCode, outcome.StandardError, timedOut: false);
        }

        return outcome;
    }
}
