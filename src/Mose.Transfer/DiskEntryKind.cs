namespace Mose.Transfer;

/// <summary>What currently occupies a path on disk.</summary>
internal enum DiskEntryKind
{
    None,
    File,
    Directory,
    Symlink,
}
