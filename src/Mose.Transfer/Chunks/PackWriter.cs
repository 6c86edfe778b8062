using Microsoft.Win32.SafeHandles;

namespace Mose.Transfer.Chunks;

/// <summary>
/// Appends chunks to the current pack. Data and index records are buffered and written in large blocks,
/// data always before the records that describe it; nothing is synced to disk per chunk because every
/// read is verified against its hash anyway.
/// </summary>
internal sealed class PackWriter : IDisposable
{
    private const int DataBufferBytes = 1 << 20;
    private const int RecordBufferBytes = 1024 * PackIndex.RecordBytes;

    private readonly SafeFileHandle _index;
    private readonly byte[] _data = new byte[DataBufferBytes];
    private readonly byte[] _records = new byte[RecordBufferBytes];
    private int _dataUsed;
    private long _dataWritten;
    private int _recordsUsed;
    private long _indexWritten;

    private PackWriter(Pack pack, SafeFileHandle index)
    {
        Pack = pack;
        _index = index;
    }

    /// <summary>The pack being written.</summary>
    public Pack Pack { get; }

    /// <summary>Creates pack <paramref name="number"/>; fails if its files already exist.</summary>
    public static PackWriter Create(string directory, int number)
    {
        var data = File.OpenHandle(Path.Join(directory, Pack.DataName(number)), FileMode.CreateNew,
            FileAccess.ReadWrite);
        SafeFileHandle index;
        try
        {
            index = File.OpenHandle(Path.Join(directory, Pack.IndexName(number)), FileMode.CreateNew,
                FileAccess.Write);
        }
        catch
        {
            data.Dispose();
            throw;
        }

        Span<byte> header = stackalloc byte[PackIndex.HeaderBytes];
        PackIndex.WriteHeader(header);
        RandomAccess.Write(index, header, 0);
        return new PackWriter(new Pack(directory, number, data, 0), index) { _indexWritten = header.Length };
    }

    /// <summary>True when <paramref name="length"/> more bytes keep the pack within its limit.</summary>
    public bool Fits(int length, long packBytes) => Pack.Length == 0 || Pack.Length + length <= packBytes;

    /// <summary>Appends a chunk whose hash the caller has verified.</summary>
    public ChunkLocation Append(UInt128 hash, ReadOnlySpan<byte> data)
    {
        if (_dataUsed + data.Length > _data.Length || _recordsUsed == _records.Length)
        {
            Flush(toDisk: false);
        }

        var offset = Pack.Length;
        data.CopyTo(_data.AsSpan(_dataUsed));
        _dataUsed += data.Length;
        PackIndex.WriteRecord(_records.AsSpan(_recordsUsed), hash, offset, data.Length);
        _recordsUsed += PackIndex.RecordBytes;
        Pack.Length += data.Length;
        Pack.Hashes.Add(hash);
        return new ChunkLocation(Pack, offset, data.Length);
    }

    /// <summary>True while the chunk is still in the write buffer rather than in the file.</summary>
    public bool IsBuffered(ChunkLocation location) => location.Offset >= _dataWritten;

    /// <summary>Copies a chunk that is still in the write buffer; false if it is already on disk.</summary>
    public bool TryReadBuffered(ChunkLocation location, Span<byte> destination)
    {
        if (location.Offset < _dataWritten)
        {
            return false;
        }

        _data.AsSpan((int)(location.Offset - _dataWritten), location.Length).CopyTo(destination);
        return true;
    }

    /// <summary>Writes the buffers out, data first; <paramref name="toDisk"/> also syncs both.</summary>
    public void Flush(bool toDisk)
    {
        if (_dataUsed > 0)
        {
            RandomAccess.Write(Pack.Handle, _data.AsSpan(0, _dataUsed), _dataWritten);
            _dataWritten += _dataUsed;
            _dataUsed = 0;
        }

        if (toDisk)
        {
            // Synced before the records so that a durable record never names data that could be lost.
            RandomAccess.FlushToDisk(Pack.Handle);
        }

        if (_recordsUsed > 0)
        {
            RandomAccess.Write(_index, _records.AsSpan(0, _recordsUsed), _indexWritten);
            _indexWritten += _recordsUsed;
            _recordsUsed = 0;
        }

        if (toDisk)
        {
            RandomAccess.FlushToDisk(_index);
        }
    }

    /// <summary>Flushes and closes the index; the pack's data handle stays open for reads.</summary>
    public void Dispose()
    {
        Flush(toDisk: false);
        _index.Dispose();
    }
}
