namespace Mose.Core.Processes;

/// <summary>Removes cgroup directories Mose created. A cgroup is removed with rmdir alone (its control files
/// go with it), children first; deleting its files one by one, as a recursive delete would, fails.</summary>
public static class Cgroups
{
    /// <summary>The cgroup roots: every v1 controller hierarchy and the unified one.</summary>
    public static IEnumerable<string> Hierarchies(string root = "/sys/fs/cgroup")
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var unified = File.Exists(Path.Combine(root, "cgroup.controllers")) ? [root] : Array.Empty<string>();
        return unified.Concat(Directory.EnumerateDirectories(root).Where(d => !IsSymlink(d)));
    }

    /// <summary>Removes the cgroup at <paramref name="relative"/> (e.g. "mose-edge1") in every hierarchy,
    /// with its children. Cgroups that still hold processes are left, and named in the result.</summary>
    public static IReadOnlyList<string> RemoveEverywhere(string relative, string root = "/sys/fs/cgroup")
    {
        var left = new List<string>();
        foreach (var hierarchy in Hierarchies(root))
        {
            var path = Path.Combine(hierarchy, relative.TrimStart('/'));
            if (Directory.Exists(path))
            {
                RemoveTree(path, left);
            }
        }

        return left;
    }

    private static void RemoveTree(string path, List<string> left)
    {
        foreach (var child in Directory.EnumerateDirectories(path))
        {
            RemoveTree(child, left);
        }

        try
        {
            Directory.Delete(path, recursive: false);
        }
        catch (IOException)
        {
            left.Add(path);
        }
    }

    private static bool IsSymlink(string path) => new DirectoryInfo(path).LinkTarget is not null;
}
