namespace Mose.Core.Processes;

/// <summary>An external program exited non-zero or ran past its timeout.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException(string program, IReadOnlyList<string> arguments, int exitCode,
        string standardError, bool timedOut)
        : base(Describe(program, arguments, exitCode, standardError, timedOut))
    {
        Program = program;
        Arguments = arguments;
        ExitCode = exitCode;
        StandardError = standardError;
        TimedOut = timedOut;
    }

    public string Program { get; }

    public IReadOnlyList<string> Arguments { get; }

    public int ExitCode { get; }

    public string StandardError { get; }

    public bool TimedOut { get; }

    private static string Describe(string program, IReadOnlyList<string> arguments, int exitCode,
        string standardError, bool timedOut)
    {
        var call = $"{Path.GetFileName(program)} {string.Join(' ', arguments.Take(6))}".Trim();
        var tail = standardError.Trim();
        if (tail.Length > 600)
        {
            tail = "…" + tail[^600..];
        }

        return timedOut
            ? $"'{call}' timed out and was killed. {tail}".Trim()
            : $"'{call}' exited with code {exitCode}: {tail}".Trim();
    }
}
