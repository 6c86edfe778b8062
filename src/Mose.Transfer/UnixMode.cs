namespace Mose.Transfer;

/// <summary>
/// Unix permission access. Mose targets Linux hosts, but the guard keeps the platform analyzer satisfied
/// without forcing a platform attribute onto every project that uses this library.
/// </summary>
internal static class UnixMode
{
    /// <summary>Reads the permission bits of <paramref name="path"/>.</summary>
    public static uint Get(string path) =>
        OperatingSystem.IsWindows() ? 0 : (uint)File.GetUnixFileMode(path);

    /// <summary>Sets the permission bits of <paramref name="path"/> (a file or a directory).</summary>
    public static void Set(string path, uint mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }
    }
}
