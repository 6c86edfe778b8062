using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Mose.Runtime.Memory;

/// <summary>
/// One process's memory seen from outside while it runs: its dumpable mappings, the runs of pages in them
/// (found a bounded piece at a time) and reads through <c>/proc/PID/mem</c>. Not thread-safe.
/// </summary>
internal sealed class ProcessMemory : IDisposable
{
    private readonly SafeFileHandle _mem;
    private readonly SafeFileHandle _pagemap;
    private readonly List<MemoryMapping> _mappings;
    private readonly List<PageRun> _runs = [];
    private int _nextRun;
    private int _mapping;
    private ulong _resume;

    private ProcessMemory(int pid, SafeFileHandle mem, SafeFileHandle pagemap, List<MemoryMapping> mappings)
    {
        Pid = pid;
        _mem = mem;
        _pagemap = pagemap;
        _mappings = mappings;
        _resume = mappings.Count > 0 ? mappings[0].Start : 0;
    }

    /// <summary>The process, as the host sees it.</summary>
    public int Pid { get; }

    /// <summary>Opens a process's memory; null when it has already exited.</summary>
    public static ProcessMemory? TryOpen(int pid)
    {
        var directory = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        SafeFileHandle? mem = null;
        SafeFileHandle? pagemap = null;
        try
        {
            // Both handles hold on to the address space they were opened for; reading the maps after
            // opening them keeps the three views of one process.
            mem = OpenForReading($"{directory}/mem");
            pagemap = OpenForReading($"{directory}/pagemap");
            var mappings = MemoryMapping.ReadAll(pid);
            if (mappings is null)
            {
                mem.Dispose();
                pagemap.Dispose();
                return null;
            }

            mappings.RemoveAll(m => !m.HoldsDumpablePages);
            return new ProcessMemory(pid, mem, pagemap, mappings);
        }
        catch (IOException)
        {
            // Gone before or while opening (ENOENT, ESRCH).
            mem?.Dispose();
            pagemap?.Dispose();
            return null;
        }
    }

    /// <summary>
    /// The next run of dumpable pages in address order; false when the process has no more or has exited
    /// (<paramref name="exited"/> tells which).
    /// </summary>
    public bool TryNextRun(PageFinder finder, out PageRun run, out bool exited,
        CancellationToken cancellationToken)
    {
        exited = false;
        while (_nextRun == _runs.Count)
        {
            // Without the scan ioctl a huge, sparsely touched mapping takes many pagemap reads to cross.
            cancellationToken.ThrowIfCancellationRequested();
            if (_mapping == _mappings.Count)
            {
                run = default;
                return false;
            }

            _runs.Clear();
            _nextRun = 0;
            var mapping = _mappings[_mapping];
            var resume = finder.Find(_pagemap, _resume, mapping.End, _runs);
            if (resume is null)
            {
                exited = true;
                run = default;
                return false;
            }

            _resume = resume.Value;
            if (_resume >= mapping.End && ++_mapping < _mappings.Count)
            {
                _resume = _mappings[_mapping].Start;
            }
        }

        run = _runs[_nextRun++];
        return true;
    }

    /// <summary>
    /// Reads memory at a virtual address. Returns the bytes read, which fall short of the destination where a
    /// page could not be read; 0 when the process has exited; -1 when the first page cannot be read (it was
    /// unmapped after the page tables were scanned, or the mapping refuses reads such as device memory).
    /// </summary>
    public int Read(ulong address, Span<byte> destination)
    {
        try
        {
            return RandomAccess.Read(_mem, destination, (long)address);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    public void Dispose()
    {
        _mem.Dispose();
        _pagemap.Dispose();
    }

    private static SafeFileHandle OpenForReading(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
}
