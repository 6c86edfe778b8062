using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// Inspects and reconciles what is already on disk at a manifest path, never following symlinks.
/// </summary>
internal static class DiskEntry
{
    /// <summary>Classifies the path itself (a symlink is reported as such, not as its target).</summary>
    public static DiskEntryKind KindOf(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is not null)
        {
            return DiskEntryKind.Symlink;
        }

        if (Directory.Exists(fullPath))
        {
            return DiskEntryKind.Directory;
        }

        return info.Exists ? DiskEntryKind.File : DiskEntryKind.None;
    }

    /// <summary>
    /// Removes whatever is at <paramref name="fullPath"/> unless it is of the wanted kind.
    /// </summary>
    public static void RemoveUnless(string fullPath, DiskEntryKind wanted)
    {
        var kind = KindOf(fullPath);
        if (kind == wanted || kind == DiskEntryKind.None)
        {
            return;
        }

        if (kind == DiskEntryKind.Directory)
        {
            Directory.Delete(fullPath, recursive: true);
        }
        else
        {
            File.Delete(fullPath);
        }
    }

    /// <summary>Makes <paramref name="fullPath"/> a symlink to <paramref name="target"/>.</summary>
    public static void EnsureSymlink(string fullPath, string target)
    {
        if (KindOf(fullPath) == DiskEntryKind.Symlink && new FileInfo(fullPath).LinkTarget == target)
        {
            return;
        }

        RemoveUnless(fullPath, DiskEntryKind.None);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.CreateSymbolicLink(fullPath, target);
    }

    /// <summary>
    /// True when a regular file with the entry's size and hash is already there; its mode is then fixed up
    /// so the file does not have to travel just for a permission change.
    /// </summary>
    public static async Task<bool> KeepIfSameAsync(string fullPath, FileEntry entry,
        CancellationToken cancellationToken)
    {
        if (KindOf(fullPath) != DiskEntryKind.File || new FileInfo(fullPath).Length != entry.Size)
        {
            return false;
        }

        var (hash, length) = await FileHasher.HashAsync(fullPath, cancellationToken).ConfigureAwait(false);
        if (length != entry.Size || !hash.AsSpan().SequenceEqual(entry.Xxh128.Span))
        {
            return false;
        }

        if (UnixMode.Get(fullPath) != entry.Mode)
        {
            UnixMode.Set(fullPath, entry.Mode);
        }

        return true;
    }
}
