namespace Mose.Core.Processes;

/// <summary>Finds and removes mounts left under a directory (CRIU killed mid-restore leaves its cgroup
/// "yard" mounted in its work directory, and a mounted cgroup cannot be deleted like files).</summary>
public static class Mounts
{
    /// <summary>Mount points at or under <paramref name="directory"/>, deepest first.</summary>
    public static IReadOnlyList<string> Under(string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => Unescape(line.Split(' ')[4]))
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)
            .ToList();
    }

    /// <summary>Lazily unmounts everything under the directory.</summary>
    public static async Task UnmountUnderAsync(ICommandRunner runner, string directory,
        CancellationToken cancellationToken)
    {
        foreach (var point in Under(directory))
        {
            await runner.RunAsync("umount", ["--lazy", point], TimeSpan.FromSeconds(10), check: false,
                cancellationToken).ConfigureAwait(false);
        }
    }

    // mountinfo escapes space, tab, newline and backslash as octal.
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
