using System.Buffers;

namespace Mose.Transfer.Chunks;

/// <summary>Bulk paths for rebuilding and absorbing images, where per-chunk overhead dominates.</summary>
public sealed partial class ChunkStore
{
    /// <summary>
    /// Reads chunks back to back into <paramref name="destination"/>. Chunks stored next to each other in
    /// a pack (the usual case for an image absorbed or pre-copied in order) are read with one call, then
    /// each is verified against its hash.
    /// </summary>
    /// <returns>The index of the first chunk the store lacks (nothing is read then), or -1.</returns>
    /// <exception cref="ChunkCorruptException">A chunk's stored bytes no longer match; it is
    /// forgotten.</exception>
    internal int ReadBatch(ReadOnlySpan<UInt128> hashes, Span<byte> destination, Span<int> lengths)
    {
        var locations = ArrayPool<ChunkLocation>.Shared.Rent(hashes.Length);
        var refresh = ArrayPool<bool>.Shared.Rent(hashes.Length);
        try
        {
            var missing = ReadLocked(hashes, destination, lengths, locations, refresh);
            if (missing >= 0)
            {
                return missing;
            }

            var at = 0;
            for (var i = 0; i < hashes.Length; i++)
            {
                var data = destination.Slice(at, lengths[i]);
                VerifyRead(hashes[i], locations[i], lengths[i], data);
                if (refresh[i])
                {
                    Refresh(hashes[i], locations[i], data);
                }

                at += lengths[i];
            }

            return -1;
        }
        finally
        {
            ArrayPool<ChunkLocation>.Shared.Return(locations, clearArray: true);
            ArrayPool<bool>.Shared.Return(refresh);
        }
    }

    /// <summary>Stores a chunk whose hash the caller has just computed from these very bytes.</summary>
    /// <returns>True if it was added, false if it was already present.</returns>
    internal bool AddHashed(UInt128 hash, ReadOnlySpan<byte> data)
    {
        _lock.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            if (_index.TryGetValue(hash, out var location))
            {
                RefreshIfNextToEvict(hash, location, data);
                return false;
            }

            Append(hash, data);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private int ReadLocked(ReadOnlySpan<UInt128> hashes, Span<byte> destination, Span<int> lengths,
        ChunkLocation[] locations, bool[] refresh)
    {
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            var total = 0;
            for (var i = 0; i < hashes.Length; i++)
            {
                if (!_index.TryGetValue(hashes[i], out locations[i]))
                {
                    return i;
                }

                lengths[i] = locations[i].Length;
                refresh[i] = IsNextToEvict(locations[i].Pack);
                total += lengths[i];
            }

            if (total > destination.Length)
            {
                throw new ArgumentException(
                    $"The destination holds {destination.Length} bytes; the chunks have {total}.",
                    nameof(destination));
            }

            ReadRuns(locations.AsSpan(0, hashes.Length), destination);
            return -1;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    // Under the read lock.
    private void ReadRuns(ReadOnlySpan<ChunkLocation> locations, Span<byte> destination)
    {
        var at = 0;
        for (var start = 0; start < locations.Length;)
        {
            var first = locations[start];
            var bytes = first.Length;
            var end = start + 1;
            var mergeable = !IsBuffered(first);
            while (mergeable && end < locations.Length && Follows(locations[end - 1], locations[end]))
            {
                bytes += locations[end++].Length;
            }

            var run = destination.Slice(at, bytes);
            var read = end - start == 1 ? ReadAt(first, run) : first.Pack.ReadAt(first.Offset, run);

            // A short read (a truncated pack) must not leave stale bytes that could pass for the chunk.
            run[read..].Clear();
            at += bytes;
            start = end;
        }
    }

    private bool IsBuffered(ChunkLocation location) =>
        _writer is not null && ReferenceEquals(location.Pack, _writer.Pack) && _writer.IsBuffered(location);

    private bool Follows(ChunkLocation previous, ChunkLocation next) =>
        ReferenceEquals(previous.Pack, next.Pack) && previous.Offset + previous.Length == next.Offset
        && !IsBuffered(next);
}
