namespace Mose.Core.Processes;

/// <summary>What a finished external program printed and how long it took.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);
