using System.Globalization;

namespace Mose.Runtime.Memory;

/// <summary>One line of <c>/proc/PID/maps</c>: an address range, its permissions and what backs it.</summary>
/// <param name="Start">First byte of the range (page aligned).</param>
/// <param name="End">First byte after the range (page aligned).</param>
/// <param name="Permissions">The four permission letters, e.g. <c>rw-p</c>.</param>
/// <param name="Name">The backing file or a pseudo name like <c>[heap]</c>; empty if anonymous.</param>
internal readonly record struct MemoryMapping(ulong Start, ulong End, string Permissions, string Name)
{
    // The kernel provides these afresh on restore; CRIU remaps its own and never takes their content from
    // pages-*.img, so reading them would only send pages nobody asks for. [vsyscall] also lies above the
    // range a signed file offset can address.
    private static readonly string[] KernelProvided = ["[vsyscall]", "[vvar]", "[vvar_vclock]", "[vdso]"];

    /// <summary>Number of 4 KiB pages in the range.</summary>
    public long Pages => (long)((End - Start) / LiveMemoryReader.PageSize);

    /// <summary>
    /// Whether CRIU would dump this mapping's pages into pages-*.img: private and readable, not provided by
    /// the kernel. Shared mappings are left out on purpose: shared anonymous memory (and SysV shm) goes to
    /// CRIU's separate shmem images, and shared file pages stay in their files.
    /// </summary>
    public bool HoldsDumpablePages =>
        Permissions.Length == 4
        && Permissions[0] == 'r'
        && Permissions[3] == 'p'
        && End > Start
        && End <= long.MaxValue
        && Array.IndexOf(KernelProvided, Name) < 0;

    /// <summary>
    /// Parses a maps line: <c>start-end perms offset dev inode [name]</c>. The name may contain spaces, so it
    /// is everything after the inode field. Null for a line that does not have that shape.
    /// </summary>
    public static MemoryMapping? Parse(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5)
        {
            return null;
        }

        var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
        if (dash < 0
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier,
                CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier,
                CultureInfo.InvariantCulture, out var end))
        {
            return null;
        }

        var name = fields.Length == 6 ? fields[5].Trim() : "";
        return new MemoryMapping(start, end, fields[1], name);
    }

    /// <summary>The mappings of a process, or null when it has exited.</summary>
    public static List<MemoryMapping>? ReadAll(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/maps");
        }
        catch (IOException)
        {
            return null;
        }

        var mappings = new List<MemoryMapping>(lines.Length);
        foreach (var line in lines)
        {
            if (Parse(line) is { } mapping)
            {
                mappings.Add(mapping);
            }
        }

        return mappings;
    }
}
