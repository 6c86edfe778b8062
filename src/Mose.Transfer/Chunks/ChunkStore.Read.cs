namespace Mose.Transfer.Chunks;

/// <summary>Reading chunks back, every one verified against its hash.</summary>
public sealed partial class ChunkStore
{
    /// <summary>Copies a stored chunk into <paramref name="destination"/> after verifying its hash.</summary>
    /// <param name="hash">The chunk's XxHash128.</param>
    /// <param name="destination">Receives the bytes; at least the chunk's length.</param>
    /// <returns>The chunk's length.</returns>
    /// <exception cref="KeyNotFoundException">The chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The stored bytes no longer match; the chunk is
    /// forgotten.</exception>
    public int Read(UInt128 hash, Span<byte> destination)
    {
        if (!TryRead(hash, destination, out var length))
        {
            throw new KeyNotFoundException($"Chunk {Chunk.Format(hash)} is not in the store.");
        }

        return length;
    }

    /// <summary>Like <see cref="Read"/>, but returns false when the chunk is absent.</summary>
    /// <param name="hash">The chunk's XxHash128.</param>
    /// <param name="destination">Receives the bytes; at least the chunk's length.</param>
    /// <param name="length">The chunk's length, or 0 when absent.</param>
    /// <returns>Whether the chunk was found.</returns>
    /// <exception cref="ChunkCorruptException">The stored bytes no longer match; the chunk is
    /// forgotten.</exception>
    public bool TryRead(UInt128 hash, Span<byte> destination, out int length)
    {
        ChunkLocation location;
        int read;
        bool nextToEvict;
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            if (!_index.TryGetValue(hash, out location))
            {
                length = 0;
                return false;
            }

            if (destination.Length < location.Length)
            {
                throw new ArgumentException(
                    $"The destination holds {destination.Length} bytes; the chunk has {location.Length}.",
                    nameof(destination));
            }

            // Read under the lock so that eviction cannot close the pack's handle mid-read.
            read = ReadAt(location, destination[..location.Length]);
            nextToEvict = IsNextToEvict(location.Pack);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var data = destination[..location.Length];
        VerifyRead(hash, location, read, data);
        if (nextToEvict)
        {
            Refresh(hash, location, data);
        }

        length = location.Length;
        return true;
    }

    // Under the read or write lock.
    private int ReadAt(ChunkLocation location, Span<byte> destination)
    {
        if (_writer is not null && ReferenceEquals(location.Pack, _writer.Pack)
            && _writer.TryReadBuffered(location, destination))
        {
            return destination.Length;
        }

        return location.Pack.ReadAt(location.Offset, destination);
    }

    // Without a lock.
    private void VerifyRead(UInt128 hash, ChunkLocation location, int read, ReadOnlySpan<byte> data)
    {
        string? fault = null;
        if (read < location.Length)
        {
            fault = $"only {read} of its {location.Length} bytes are in pack-{location.Pack.Number}.dat "
                + $"at offset {location.Offset}";
        }
        else if (Chunk.Hash(data) is var actual && actual != hash)
        {
            fault = $"the {location.Length} bytes in pack-{location.Pack.Number}.dat at offset "
                + $"{location.Offset} hash to {Chunk.Format(actual)}";
        }

        if (fault is null)
        {
            return;
        }

        Forget(hash, location);
        LogCorruptChunk(_logger, Chunk.Format(hash), fault);
        throw new ChunkCorruptException(hash, fault);
    }

    private void Forget(UInt128 hash, ChunkLocation location)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_index.TryGetValue(hash, out var current) && current == location)
            {
                _index.Remove(hash);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
