using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mose.Runtime.Probe;

/// <summary>
/// Checks that this host lets the agent read a running process's memory the way pre-copy does: a page's
/// presence through /proc/PID/pagemap and its bytes through /proc/PID/mem (both need ptrace access, which a
/// hardened kernel or a missing capability can deny), in 4 KiB pages like CRIU's images.
/// </summary>
public static class LiveReadTest
{
    /// <summary>Runs the check on this process.</summary>
    public static Capability Run()
    {
        if (Environment.SystemPageSize != 4096)
        {
            return new(HostProber.LiveMemoryRead, false, $"pages are {Environment.SystemPageSize} bytes, not 4 KiB");
        }

        try
        {
            var buffer = GC.AllocateArray<byte>(3 * 4096, pinned: true);
            var page = ((ulong)Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 4096) + 4095) & ~4095UL;
            var marker = (byte)(Environment.ProcessId % 200 + 1);
            Marshal.WriteByte((nint)page, marker);

            Span<byte> entry = stackalloc byte[8];
            using (var pagemap = File.OpenHandle("/proc/self/pagemap"))
            {
                RandomAccess.Read(pagemap, entry, (long)(page / 4096 * 8));
            }

            var present = (BinaryPrimitives.ReadUInt64LittleEndian(entry) & (1UL << 63)) != 0;
            Span<byte> read = stackalloc byte[1];
            using (var mem = File.OpenHandle("/proc/self/mem"))
            {
                RandomAccess.Read(mem, read, (long)page);
            }

            GC.KeepAlive(buffer);
            return present && read[0] == marker
                ? new(HostProber.LiveMemoryRead, true, "pagemap and mem readable")
                : new(HostProber.LiveMemoryRead, false, present ? "/proc/PID/mem returned other bytes"
                    : "/proc/PID/pagemap shows a touched page as absent");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(HostProber.LiveMemoryRead, false, $"cannot read process memory: {e.Message}");
        }
    }
}
