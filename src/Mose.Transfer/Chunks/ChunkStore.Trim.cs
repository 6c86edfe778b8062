namespace Mose.Transfer.Chunks;

/// <summary>Keeping the store within its disk budget without pulling chunks from under a migration.</summary>
public sealed partial class ChunkStore
{
    /// <summary>Number of pins currently held.</summary>
    public int Pins => Volatile.Read(ref _pins);

    /// <summary>
    /// Keeps every stored chunk from eviction until the returned handle is disposed. A migration takes a
    /// pin before asking which chunks are <see cref="Missing"/> and releases it once the image is rebuilt.
    /// </summary>
    /// <returns>The pin; disposing it more than once is harmless.</returns>
    public IDisposable Pin()
    {
        // Taken under the lock so a pin never lands in the middle of an eviction.
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            Interlocked.Increment(ref _pins);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return new ChunkStorePin(this);
    }

    /// <summary>
    /// Evicts whole packs, oldest first, until <see cref="Bytes"/> is within the budget. The pack being
    /// written is never evicted. While any <see cref="Pin"/> is held nothing is evicted and the result
    /// says so.
    /// </summary>
    /// <returns>What was evicted.</returns>
    public TrimResult Trim()
    {
        _lock.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            var pins = Volatile.Read(ref _pins);
            if (pins > 0)
            {
                if (_bytes > _maxBytes)
                {
                    LogTrimPinned(_logger, pins, _bytes, _maxBytes);
                }

                return new TrimResult(0, 0, 0, Pinned: true);
            }

            var result = new TrimResult();
            while (_bytes > _maxBytes && _packs.Count > 0 && !ReferenceEquals(_packs[0], _writer?.Pack))
            {
                result = Evict(_packs[0], result);
            }

            if (result.Packs > 0)
            {
                LogTrimmed(_logger, result.Packs, result.Chunks, result.Bytes, _bytes);
            }

            return result;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    internal void Unpin() => Interlocked.Decrement(ref _pins);

    // Under the write lock.
    private TrimResult Evict(Pack pack, TrimResult sofar)
    {
        _packs.RemoveAt(0);
        var chunks = 0;
        foreach (var hash in pack.Hashes)
        {
            // A chunk refreshed into a newer pack, or recorded twice, must survive its old copy.
            if (_index.TryGetValue(hash, out var location) && ReferenceEquals(location.Pack, pack))
            {
                _index.Remove(hash);
                chunks++;
            }
        }

        pack.Delete();
        Interlocked.Add(ref _bytes, -pack.Length);
        return new TrimResult(sofar.Chunks + chunks, sofar.Bytes + pack.Length, sofar.Packs + 1, false);
    }
}
