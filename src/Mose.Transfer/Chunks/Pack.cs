using Microsoft.Win32.SafeHandles;

namespace Mose.Transfer.Chunks;

/// <summary>
/// One pack of a <see cref="ChunkStore"/>: a data file of raw chunk bytes and its index file. Packs are
/// append-only while current and read-only afterwards; eviction deletes a whole pack.
/// </summary>
internal sealed class Pack : IDisposable
{
    public Pack(string directory, int number, SafeFileHandle handle, long length)
    {
        Number = number;
        DataPath = Path.Join(directory, $"pack-{number}.dat");
        IndexPath = Path.Join(directory, $"pack-{number}.idx");
        Handle = handle;
        Length = length;
    }

    /// <summary>The pack's number; larger numbers are newer.</summary>
    public int Number { get; }

    /// <summary>Path of the data file.</summary>
    public string DataPath { get; }

    /// <summary>Path of the index file.</summary>
    public string IndexPath { get; }

    /// <summary>Handle for positional reads (and, while current, writes) of the data file.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Bytes of data, including bytes still buffered and bytes no record names.</summary>
    public long Length { get; set; }

    /// <summary>Every hash recorded in this pack, so eviction need not scan the store's index.</summary>
    public List<UInt128> Hashes { get; } = [];

    /// <summary>Name of the data file of pack <paramref name="number"/>.</summary>
    public static string DataName(int number) => $"pack-{number}.dat";

    /// <summary>Name of the index file of pack <paramref name="number"/>.</summary>
    public static string IndexName(int number) => $"pack-{number}.idx";

    /// <summary>Parses "pack-N.dat" or "pack-N.idx"; false for any other name.</summary>
    public static bool TryParseName(string fileName, out int number, out bool isIndex)
    {
        number = 0;
        isIndex = fileName.EndsWith(".idx", StringComparison.Ordinal);
        var isData = fileName.EndsWith(".dat", StringComparison.Ordinal);
        return (isIndex || isData)
            && fileName.StartsWith("pack-", StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(5, fileName.Length - 9), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Reads up to <paramref name="destination"/>'s length at <paramref name="offset"/>.</summary>
    public int ReadAt(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(Handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Closes the pack and deletes its files, index first so no index outlives its data.</summary>
    public void Delete()
    {
        Handle.Dispose();
        File.Delete(IndexPath);
        File.Delete(DataPath);
    }

    /// <summary>Closes the data file.</summary>
    public void Dispose() => Handle.Dispose();
}
