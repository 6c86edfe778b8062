using System.Globalization;

namespace Mose.Runtime.Memory;

/// <summary>Finds the processes of a running container from the host's view of /proc.</summary>
public static class ContainerProcesses
{
    /// <summary>
    /// The container's init and all its descendants, init first, then breadth first. The walk reads
    /// <c>/proc/PID/task/TID/children</c> of every thread, because a child belongs to the thread that forked
    /// it. Processes may exit or fork while it runs: one that exits may still be listed (readers skip it),
    /// its children are not, and a child forked after its parent was visited is missed until the next call.
    /// Empty when <paramref name="initPid"/> no longer exists. The children files need CONFIG_PROC_CHILDREN,
    /// which CRIU's own CONFIG_CHECKPOINT_RESTORE selects.
    /// </summary>
    /// <param name="initPid">The container's init as the host sees it (as <c>runc state</c> says).</param>
    public static IReadOnlyList<int> Find(int initPid) => Find(initPid, "/proc");

    internal static IReadOnlyList<int> Find(int initPid, string procRoot)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initPid);
        if (!Directory.Exists(Path.Combine(procRoot, Number(initPid))))
        {
            return [];
        }

        var found = new List<int> { initPid };
        var seen = new HashSet<int> { initPid };
        for (var next = 0; next < found.Count; next++)
        {
            foreach (var child in Children(found[next], procRoot))
            {
                if (seen.Add(child))
                {
                    found.Add(child);
                }
            }
        }

        return found;
    }

    private static List<int> Children(int pid, string procRoot)
    {
        var children = new List<int>();
        foreach (var task in Tasks(pid, procRoot))
        {
            var text = ReadOrNull(Path.Combine(task, "children"));
            foreach (var field in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                {
                    children.Add(child);
                }
            }
        }

        return children;
    }

    private static string[] Tasks(int pid, string procRoot)
    {
        try
        {
            return Directory.GetDirectories(Path.Combine(procRoot, Number(pid), "task"));
        }
        catch (IOException)
        {
            // The process exited between being listed by its parent and now.
            return [];
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            // The thread or its process exited mid-walk (ESRCH surfaces as an IOException).
            return null;
        }
    }

    private static string Number(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}
