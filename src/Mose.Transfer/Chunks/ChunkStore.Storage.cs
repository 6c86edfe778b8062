namespace Mose.Transfer.Chunks;

/// <summary>Appending and refreshing chunks; callers hold the lock as noted.</summary>
public sealed partial class ChunkStore
{
    private const string LockFileName = "store.lock";

    // Under the write lock.
    private void Append(UInt128 hash, ReadOnlySpan<byte> data)
    {
        if (_writer is null || !_writer.Fits(data.Length, _packBytes))
        {
            StartPack();
        }

        _index[hash] = _writer!.Append(hash, data);
        Interlocked.Add(ref _bytes, data.Length);
    }

    // Under the write lock. A fresh pack per open keeps older packs strictly read-only, so a torn tail left
    // by a crash is never followed by new records.
    private void StartPack()
    {
        _writer?.Dispose();
        _writer = PackWriter.Create(_directory, _nextPack++);
        _packs.Add(_writer.Pack);
    }

    // Under the read or write lock. Only the oldest pack is refreshed, and only once filling one more pack
    // would push the store over budget: that pack is then the next to go, while copying from any other
    // pack, or earlier, would just duplicate data (a whole image's worth when it is rebuilt).
    private bool IsNextToEvict(Pack pack) =>
        _packs.Count > 1 && ReferenceEquals(_packs[0], pack) && !ReferenceEquals(_writer?.Pack, pack)
        && _bytes > _maxBytes - _packBytes;

    // Under the write lock.
    private void RefreshIfNextToEvict(UInt128 hash, ChunkLocation location, ReadOnlySpan<byte> data)
    {
        if (IsNextToEvict(location.Pack))
        {
            Append(hash, data);
            LogRefreshed(_logger, Chunk.Format(hash), location.Pack.Number);
        }
    }

    // Without a lock; re-checks under the write lock because eviction or another refresh may have run.
    private void Refresh(UInt128 hash, ChunkLocation location, ReadOnlySpan<byte> data)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_disposed && _index.TryGetValue(hash, out var current) && current == location)
            {
                RefreshIfNextToEvict(hash, location, data);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void DisposePacks()
    {
        _writer?.Dispose();
        _writer = null;
        foreach (var pack in _packs)
        {
            pack.Dispose();
        }

        _packs.Clear();
        _index.Clear();
    }

    // Two stores appending to the same packs would interleave records; an exclusive lock (flock on Linux)
    // makes a second opener fail instead.
    private static FileStream LockDirectory(string directory)
    {
        var path = Path.Join(directory, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException(
                $"The chunk store in '{directory}' is already open elsewhere ({path}).", ex);
        }
    }
}
