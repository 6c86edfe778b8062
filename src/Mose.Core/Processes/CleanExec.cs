namespace Mose.Core.Processes;

/// <summary>
/// Runs a program with nothing but stdin, stdout and stderr open, in a session of its own. A process
/// started from .NET inherits every descriptor its parent got without close-on-exec (a CI runner may pass
/// a socket down), and CRIU refuses to dump a process holding a socket whose peer lies outside the dump.
/// It also inherits its parent's session, whose leader may lie outside the caller's pid namespace (a CI
/// runner may start the tests in one), and CRIU refuses that too. A shell closes the rest and then execs
/// the program through setsid, which starts a new session without forking (the shell is no process group
/// leader), so the program keeps the shell's pid.
/// </summary>
public static class CleanExec
{
    private const string Script =
        "for fd in /proc/self/fd/*; do n=${fd##*/}; if ((n > 2)); then eval \"exec $n>&-\"; fi; done; " +
        "exec setsid \"$0\" \"$@\"";

    public const string Shell = "/bin/bash";

    /// <summary>The shell's arguments that run <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    public static IReadOnlyList<string> Arguments(string program, IEnumerable<string> arguments) =>
        ["-c", Script, program, .. arguments];
}
