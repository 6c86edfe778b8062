using System.Runtime.InteropServices;

namespace Mose.Runtime.Tests.Memory;

/// <summary>Stops and continues a process, so a test can compare a live read with a frozen one.</summary>
internal static partial class Signals
{
    private const int Sigcont = 18;
    private const int Sigstop = 19;

    public static void Stop(int pid) => Send(pid, Sigstop);

    public static void Continue(int pid) => Send(pid, Sigcont);

    /// <summary>
    /// SIGSTOP takes effect asynchronously, thread by thread; the process is only sure to be frozen once
    /// /proc shows every thread stopped.
    /// </summary>
    public static async Task StopAndWaitAsync(int pid)
    {
        Stop(pid);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Directory.GetDirectories($"/proc/{pid}/task").All(IsStopped))
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    // The state follows the command name, which may itself contain ") ".
    private static bool IsStopped(string task) =>
        File.ReadAllText(Path.Combine(task, "stat")).Split(") ")[^1].StartsWith('T');

    private static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
