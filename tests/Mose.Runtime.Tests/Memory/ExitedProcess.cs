using System.Diagnostics;

namespace Mose.Runtime.Tests.Memory;

internal static class ExitedProcess
{
    /// <summary>The pid of a process that has run, exited and been reaped.</summary>
    public static int Pid()
    {
        using var process = Process.Start("/bin/true");
        process.WaitForExit();
        return process.Id;
    }
}
