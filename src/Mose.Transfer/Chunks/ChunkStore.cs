using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mose.Transfer.Chunks;

/// <summary>
/// A content-addressed store of 4 KiB chunks on disk, one per agent and long-lived, so a return trip
/// (A→B→A) or a second service with the same pages only sends what the peer lacks. Chunks live in
/// append-only packs; the oldest packs are evicted whole by <see cref="Trim"/>. Every read is verified
/// against the chunk's hash. All members are thread-safe.
/// </summary>
public sealed partial class ChunkStore : IDisposable
{
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly long _packBytes;
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<UInt128, ChunkLocation> _index = [];

    // Oldest first; the last one is the writer's pack once anything was added since opening.
    private readonly List<Pack> _packs = [];
    private PackWriter? _writer;
    private int _nextPack;
    private long _bytes;
    private int _pins;
    private bool _disposed;

    /// <summary>Opens (or creates) the store in <paramref name="directory"/>, default pack size.</summary>
    /// <param name="directory">Directory holding the packs.</param>
    /// <param name="maxBytes">Disk budget that <see cref="Trim"/> enforces.</param>
    /// <param name="logger">Receives load, recovery and eviction events.</param>
    public ChunkStore(string directory, long maxBytes, ILogger? logger = null)
        : this(new ChunkStoreOptions { Directory = directory, MaxBytes = maxBytes }, logger)
    {
    }

    /// <summary>
    /// Opens (or creates) the store and loads the index of every pack on disk. Index records that point
    /// past their data file's end, a torn last record and packs without both files are dropped.
    /// </summary>
    /// <param name="options">Where and how big; validated here.</param>
    /// <param name="logger">Receives load, recovery and eviction events.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">Another store has the directory open.</exception>
    public ChunkStore(ChunkStoreOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _directory = Path.GetFullPath(options.Directory);
        _maxBytes = options.MaxBytes;
        _packBytes = options.PackBytes;
        _logger = logger ?? NullLogger.Instance;
        Directory.CreateDirectory(_directory);
        _lockFile = LockDirectory(_directory);
        try
        {
            Load();
        }
        catch
        {
            DisposePacks();
            _lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Number of distinct chunks stored.</summary>
    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _index.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Bytes the packs take on disk, including copies superseded by a refresh and unindexed bytes left by a
    /// crash; this is what <see cref="Trim"/> compares with the budget.
    /// </summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>True when the chunk with this hash is stored.</summary>
    /// <param name="hash">The chunk's XxHash128.</param>
    /// <returns>Whether it is present.</returns>
    public bool Contains(UInt128 hash)
    {
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            return _index.ContainsKey(hash);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Lists the hashes that are not stored, in the order given, each once. Hold a <see cref="Pin"/> from
    /// before this call until the chunks are used, or eviction may remove what was reported present.
    /// </summary>
    /// <param name="hashes">Hashes to look up; duplicates are allowed.</param>
    /// <returns>The absent hashes.</returns>
    public IReadOnlyList<UInt128> Missing(IEnumerable<UInt128> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);

        // Materialized first so the caller's enumerator never runs while the lock is held.
        var wanted = hashes.ToArray();
        var seen = new HashSet<UInt128>();
        var missing = new List<UInt128>();
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            foreach (var hash in wanted)
            {
                if (!_index.ContainsKey(hash) && seen.Add(hash))
                {
                    missing.Add(hash);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return missing;
    }

    /// <summary>
    /// Stores a chunk after checking that <paramref name="data"/> hashes to <paramref name="hash"/>. A chunk
    /// already present in the oldest pack, when that pack is next to be evicted, is copied forward so that
    /// chunks in use survive eviction; reads do the same.
    /// </summary>
    /// <param name="hash">The chunk's claimed XxHash128.</param>
    /// <param name="data">The chunk's bytes, at most <see cref="Chunk.Size"/>.</param>
    /// <returns>True if it was added, false if it was already present.</returns>
    /// <exception cref="StateIntegrityException">The data is too long or does not match the hash.</exception>
    public bool Add(UInt128 hash, ReadOnlySpan<byte> data)
    {
        if (data.Length > Chunk.Size)
        {
            throw new StateIntegrityException(
                $"Chunk {Chunk.Format(hash)} carries {data.Length} bytes; a chunk holds at most "
                + $"{Chunk.Size}.");
        }

        var actual = Chunk.Hash(data);
        if (actual != hash)
        {
            throw new StateIntegrityException(
                $"Chunk {Chunk.Format(hash)}: its {data.Length} bytes hash to {Chunk.Format(actual)}.");
        }

        return AddHashed(hash, data);
    }

    /// <summary>
    /// Writes buffered chunks to the pack files, data before index. Without <paramref name="toDisk"/> the
    /// bytes reach the operating system but are not synced, which is enough for a cache whose reads are
    /// verified; with it, data and index are synced in that order.
    /// </summary>
    /// <param name="toDisk">Also fsync the current pack's files.</param>
    public void Flush(bool toDisk = false)
    {
        _lock.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            _writer?.Flush(toDisk);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Flushes buffered chunks and closes every file, releasing the directory.</summary>
    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DisposePacks();
            _lockFile.Dispose();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
