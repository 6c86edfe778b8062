using System.Text.RegularExpressions;

namespace Mose.Integration.Tests.Support;

/// <summary>What this machine holds of a lab: namespaces, processes, cgroups, state folder, TCP connections.</summary>
public static partial class HostState
{
    /// <summary>Names of all network namespaces (`ip netns list`).</summary>
    public static async Task<IReadOnlyList<string>> NamespacesAsync()
    {
        var r = await MoseCli.RunProcessAsync("ip", ["netns", "list"], lab: null, TimeSpan.FromSeconds(15))
            .ConfigureAwait(false);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ')[0]).ToList();
    }

    /// <summary>Namespaces belonging to a lab: its name and a dash start them.</summary>
    public static async Task<IReadOnlyList<string>> LabNamespacesAsync(string lab) =>
        (await NamespacesAsync().ConfigureAwait(false)).Where(n => n.StartsWith($"{lab}-", StringComparison.Ordinal))
        .ToList();

    /// <summary>The lab's state folder.</summary>
    public static string StateDir(string lab) => $"/var/lib/mose/{lab}";

    /// <summary>Processes (pid: cmdline) whose command line mentions the lab's state folder.</summary>
    public static IReadOnlyList<string> ProcessesMentioning(string lab)
    {
        // The trailing slash keeps lab "itest" from matching "/var/lib/mose/itest2/...", and a bare
        // "/var/lib/mose/itest" argument is matched on its own.
        var dir = StateDir(lab);
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(proc, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // it exited meanwhile
            }

            var args = cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (args.Any(a => a == dir || a.Contains(dir + "/", StringComparison.Ordinal)
                || a.Contains(dir + ":", StringComparison.Ordinal) || a.Contains(dir + "=", StringComparison.Ordinal)))
            {
                found.Add($"{pid}: {string.Join(' ', args)}");
            }
        }

        return found;
    }

    /// <summary>Mount points at or under the lab's state folder (from /proc/self/mountinfo), deepest first.</summary>
    public static IReadOnlyList<string> MountsUnder(string path)
    {
        var prefix = path.TrimEnd('/') + "/";
        return File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(m => m == prefix.TrimEnd('/') || m.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(m => m.Length)
            .ToList();
    }

    /// <summary>cgroup folders (any v1 controller or the unified tree) named after the lab's namespaces.</summary>
    public static IReadOnlyList<string> LabCgroups(string lab)
    {
        if (!Directory.Exists("/sys/fs/cgroup"))
        {
            return [];
        }

        var roots = new List<string> { "/sys/fs/cgroup" };
        roots.AddRange(Directory.EnumerateDirectories("/sys/fs/cgroup"));
        return roots.SelectMany(r =>
            {
                try
                {
                    return Directory.EnumerateDirectories(r, $"{lab}-*").ToList();
                }
                catch (IOException)
                {
                    return [];
                }
            })
            .ToList();
    }


    /// <summary>Established TCP connections from <paramref name="netns"/> to ip:port, with their data segment
    /// counts (`ss -ti`).</summary>
    public static async Task<IReadOnlyList<long>> DataSegmentsOutAsync(string netns, string ip, int port)
    {
        var r = await MoseCli.RunProcessAsync("ip", ["netns", "exec", netns, "ss", "-Htni", "state", "established",
            "dst", $"{ip}:{port}"], lab: null, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        Assert.True(r.ExitCode == 0, r.ToString());

        // Each connection is one line and its counters the next (indented) one; a connection that has sent no
        // data yet has no data_segs_out field.
        var counts = new List<long>();
        foreach (var line in r.StdOut.Split('\n'))
        {
            if (line.Length == 0 || char.IsWhiteSpace(line[0]))
            {
                if (line.Length > 0 && counts.Count > 0 && DataSegs().Match(line) is { Success: true } m)
                {
                    counts[^1] = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }

                continue;
            }

            counts.Add(0);
            if (DataSegs().Match(line) is { Success: true } same)
            {
                counts[^1] = long.Parse(same.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return counts;
    }

    [GeneratedRegex(@"\bdata_segs_out:(\d+)")]
    private static partial Regex DataSegs();
}
