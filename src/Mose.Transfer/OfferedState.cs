using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>What the receiver remembers about one offered manifest until its files have arrived.</summary>
internal sealed class OfferedState
{
    private const uint OwnerAll =
        (uint)(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    private readonly List<(string FullPath, uint Mode)> _directories = [];

    public OfferedState(string root)
    {
        Root = root;
    }

    /// <summary>Directory the state is rebuilt in.</summary>
    public string Root { get; }

    /// <summary>
    /// Regular files of the manifest by relative path; incoming chunks are verified against these.
    /// </summary>
    public Dictionary<string, FileEntry> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates a directory that stays writable by its owner while files arrive; the exact mode (which may be
    /// read-only) is applied by <see cref="ApplyDirectoryModes"/> once everything is in place.
    /// </summary>
    public void AddDirectory(string fullPath, uint mode)
    {
        Directory.CreateDirectory(fullPath);
        UnixMode.Set(fullPath, mode | OwnerAll);
        _directories.Add((fullPath, mode));
    }

    /// <summary>Applies the manifest's directory modes, deepest first so parents are changed last.</summary>
    public void ApplyDirectoryModes()
    {
        for (var i = _directories.Count - 1; i >= 0; i--)
        {
            var (path, mode) = _directories[i];
            if (Directory.Exists(path))
            {
                UnixMode.Set(path, mode);
            }
        }
    }
}
