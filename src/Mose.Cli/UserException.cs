namespace Mose.Cli;

/// <summary>An error to show the user as is, with the exit code it maps to.</summary>
public sealed class UserException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
