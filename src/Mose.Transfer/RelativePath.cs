namespace Mose.Transfer;

/// <summary>
/// Checks manifest paths. They come from a peer over the network, so every one is treated as hostile until
/// it is proven to stay inside the state root.
/// </summary>
internal static class RelativePath
{
    /// <summary>
    /// Throws unless <paramref name="path"/> is a plain relative path with '/' separators.
    /// </summary>
    public static void Validate(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new StateIntegrityException(path ?? string.Empty, "empty path");
        }

        if (path[0] == '/' || Path.IsPathRooted(path))
        {
            throw new StateIntegrityException(path, "absolute path escapes the state root");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new StateIntegrityException(path, "path contains a NUL character");
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new StateIntegrityException(path, $"path segment '{segment}' is not allowed");
            }
        }
    }

    /// <summary>Validates <paramref name="path"/> and joins it to <paramref name="root"/>.</summary>
    public static string Combine(string root, string path)
    {
        Validate(path);
        return Path.Join(root, path);
    }

    /// <summary>
    /// Like <see cref="Combine"/>, but also refuses a path whose parent directories on disk include a
    /// symlink: a peer could otherwise plant "a -> /etc" and then write "a/passwd" through it.
    /// </summary>
    public static string ResolveForWrite(string root, string path)
    {
        var full = Combine(root, path);
        var segments = path.Split('/');
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Path.Join(current, segments[i]);
            if (new FileInfo(current).LinkTarget is not null)
            {
                throw new StateIntegrityException(path, $"parent '{segments[i]}' is a symlink");
            }
        }

        return full;
    }
}
