using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// Describes a directory tree as manifest entries so a peer can tell which files it lacks.
/// </summary>
public static class ManifestBuilder
{
    private static readonly EnumerationOptions ChildOptions = new()
    {
        // On Unix "hidden" means dot-files; those are state too, so nothing is skipped.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Walks <paramref name="include"/> (entries relative to <paramref name="root"/>) and lists every
    /// directory, symlink (not followed) and regular file with its size, unix mode and XxHash128. Paths are
    /// relative to <paramref name="root"/> with '/' separators; a directory is listed before its contents,
    /// siblings in ordinal order. Include entries that do not exist are skipped.
    /// </summary>
    /// <param name="root">Directory the paths are relative to.</param>
    /// <param name="include">Top-level entries to walk, e.g. "bundle" or "images".</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The manifest entries.</returns>
    public static async Task<IReadOnlyList<FileEntry>> BuildAsync(string root, IReadOnlyList<string> include,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(include);
        var entries = new List<FileEntry>();
        foreach (var relative in include)
        {
            var normalized = relative.TrimEnd('/');
            try
            {
                RelativePath.Validate(normalized);
            }
            catch (StateIntegrityException ex)
            {
                throw new ArgumentException(
                    $"Include entry '{relative}' is not a relative path inside the root.",
                    nameof(include), ex);
            }

            var full = Path.Join(root, normalized);
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            if (info.LinkTarget is null && !info.Exists)
            {
                continue;
            }

            await AddAsync(info, normalized, entries, cancellationToken).ConfigureAwait(false);
        }

        return entries;
    }

    private static async Task AddAsync(FileSystemInfo info, string relative, List<FileEntry> entries,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var linkTarget = info.LinkTarget;
        if (linkTarget is not null)
        {
            entries.Add(new FileEntry { Path = relative, LinkTarget = linkTarget });
            return;
        }

        if (info is DirectoryInfo directory)
        {
            entries.Add(new FileEntry { Path = relative, IsDir = true, Mode = (uint)info.UnixFileMode });
            var children = directory.EnumerateFileSystemInfos("*", ChildOptions)
                .OrderBy(child => child.Name, StringComparer.Ordinal)
                .ToList();
            foreach (var child in children)
            {
                await AddAsync(child, relative + "/" + child.Name, entries, cancellationToken)
                    .ConfigureAwait(false);
            }

            return;
        }

        // Size comes from the bytes actually hashed so that size and hash always describe the same content.
        var (hash, length) = await FileHasher.HashAsync(info.FullName, cancellationToken)
            .ConfigureAwait(false);
        entries.Add(new FileEntry
        {
            Path = relative,
            Size = length,
            Mode = (uint)info.UnixFileMode,
            Xxh128 = Google.Protobuf.ByteString.CopyFrom(hash),
        });
    }
}
