using System.Runtime.InteropServices;

namespace Mose.Cli.Lab;

/// <summary>The few libc calls the CLI needs.</summary>
internal static partial class Posix
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEuid();
}
