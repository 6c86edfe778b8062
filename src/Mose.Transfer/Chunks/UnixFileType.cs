using System.Runtime.InteropServices;

namespace Mose.Transfer.Chunks;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices, which .NET does not expose. Opening a FIFO to read
/// it would block forever and a device would never end, so the image walk must know before it opens.
/// </summary>
internal static partial class UnixFileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxBytes = 256;
    private const int ModeOffset = 28;
    private const ushort TypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;

    /// <summary>True when <paramref name="path"/> itself (not a link's target) is a regular file.</summary>
    /// <exception cref="IOException">The path cannot be examined.</exception>
    public static unsafe bool IsRegularFile(string path)
    {
        // statx rather than stat: struct statx has the same layout on every architecture (x86-64, arm64).
        var buffer = stackalloc byte[StatxBytes];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"statx('{path}') failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        var mode = *(ushort*)(buffer + ModeOffset);
        return (mode & TypeMask) == RegularFile;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true,
        StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
