using System.Runtime.InteropServices;

namespace Mose.Probe;

/// <summary>The few libc calls the probe needs.</summary>
internal static partial class Native
{
    public const int CloneNewNet = 0x40000000;
    public const int ORdOnly = 0;
    public const int OCloExec = 0x80000;
    public const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    public static string Describe(int errno) => $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
}
