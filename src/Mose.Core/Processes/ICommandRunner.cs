namespace Mose.Core.Processes;

/// <summary>
/// Runs external programs (runc, criu, ip, tc, iptables) with argument lists, never a shell string,
/// and always with a timeout.
/// </summary>
public interface ICommandRunner
{
    /// <summary>Runs a program; throws <see cref="CommandFailedException"/> on non-zero exit unless
    /// <paramref name="check"/> is false.</summary>
    Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        bool check = true, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="RunAsync(string, IReadOnlyList{string}, TimeSpan, bool, CancellationToken)"/>, with
    /// extra environment variables for the program (and what it starts).</summary>
    Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, bool check = true,
        CancellationToken cancellationToken = default);
}
