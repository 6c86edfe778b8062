namespace Mose.Transfer.Chunks;

/// <summary>
/// Decides whether a symlink target provably stays inside the image. The rule is strict on purpose: ".."
/// is allowed only as a leading run, because a ".." after a name is resolved by the kernel relative to
/// wherever that name leads, and if the name is itself a symlink that can be anywhere.
/// </summary>
internal static class SymlinkTarget
{
    /// <summary>Null when the target is safe, otherwise why it is refused.</summary>
    /// <param name="linkPath">The link's validated relative path.</param>
    /// <param name="target">The link's target.</param>
    public static string? Problem(string linkPath, string target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return "symlink has an empty target";
        }

        if (target[0] == '/' || target.Contains('\0', StringComparison.Ordinal))
        {
            return $"symlink target '{target}' is not a plain relative path";
        }

        // The link's parents are real directories (the walk and the writer refuse symlinked parents), so
        // each leading ".." climbs exactly one of them.
        var depth = linkPath.Count(c => c == '/');
        var climbs = 0;
        var named = false;
        foreach (var segment in target.Split('/'))
        {
            if (segment is "" or ".")
            {
                return $"symlink target '{target}' has an empty or '.' segment";
            }

            if (segment != "..")
            {
                named = true;
            }
            else if (named)
            {
                return $"symlink target '{target}' has '..' after a name";
            }
            else if (++climbs > depth)
            {
                return $"symlink target '{target}' climbs above the image root";
            }
        }

        return null;
    }
}
