using Microsoft.Win32.SafeHandles;

namespace Mose.Transfer.Chunks;

/// <summary>
/// The result of cutting an image directory: its recipe and, for the sender, where each distinct block's
/// bytes are. Keeps files open for block reads until disposed.
/// </summary>
public sealed class ImageCut : IDisposable
{
    private readonly Dictionary<UInt128, BlockLocation> _blocks;
    private readonly Dictionary<string, SafeFileHandle> _handles = new(StringComparer.Ordinal);
    private bool _disposed;

    internal ImageCut(string root, ImageRecipe recipe, Dictionary<UInt128, BlockLocation> blocks)
    {
        Root = root;
        Recipe = recipe;
        _blocks = blocks;
    }

    /// <summary>The directory that was cut.</summary>
    public string Root { get; }

    /// <summary>How to rebuild the directory.</summary>
    public ImageRecipe Recipe { get; }

    /// <summary>Where each distinct block was first seen.</summary>
    public IReadOnlyDictionary<UInt128, BlockLocation> Blocks => _blocks;

    /// <summary>Reads a block's bytes and checks they still hash to <paramref name="hash"/>.</summary>
    /// <param name="hash">The block's hash, one of <see cref="Blocks"/>.</param>
    /// <param name="destination">Receives the bytes; at least the block's length.</param>
    /// <returns>The block's length.</returns>
    /// <exception cref="KeyNotFoundException">No block of the cut has this hash.</exception>
    /// <exception cref="StateIntegrityException">The file changed since it was cut.</exception>
    public int ReadBlock(UInt128 hash, Span<byte> destination)
    {
        var (location, handle) = Locate(hash, destination.Length);
        var block = destination[..location.Length];
        var read = RandomAccess.Read(handle, block, location.Offset);
        Verify(hash, location, read, block);
        return location.Length;
    }

    /// <summary>Asynchronous form of <see cref="ReadBlock"/>.</summary>
    /// <param name="hash">The block's hash, one of <see cref="Blocks"/>.</param>
    /// <param name="destination">Receives the bytes; at least the block's length.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The block's length.</returns>
    public async ValueTask<int> ReadBlockAsync(UInt128 hash, Memory<byte> destination,
        CancellationToken cancellationToken)
    {
        var (location, handle) = Locate(hash, destination.Length);
        var block = destination[..location.Length];
        var read = await RandomAccess.ReadAsync(handle, block, location.Offset, cancellationToken)
            .ConfigureAwait(false);
        Verify(hash, location, read, block.Span);
        return location.Length;
    }

    /// <summary>Closes the files opened for block reads.</summary>
    public void Dispose()
    {
        lock (_handles)
        {
            _disposed = true;
            foreach (var handle in _handles.Values)
            {
                handle.Dispose();
            }

            _handles.Clear();
        }
    }

    private (BlockLocation Location, SafeFileHandle Handle) Locate(UInt128 hash, int room)
    {
        if (!_blocks.TryGetValue(hash, out var location))
        {
            throw new KeyNotFoundException($"No block of the cut of '{Root}' has hash {Chunk.Format(hash)}.");
        }

        if (room < location.Length)
        {
            throw new ArgumentException(
                $"The destination holds {room} bytes; the block has {location.Length}.", "destination");
        }

        lock (_handles)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_handles.TryGetValue(location.Path, out var handle))
            {
                handle = File.OpenHandle(Path.Join(Root, location.Path), FileMode.Open, FileAccess.Read);
                _handles.Add(location.Path, handle);
            }

            return (location, handle);
        }
    }

    private static void Verify(UInt128 hash, BlockLocation location, int read, ReadOnlySpan<byte> block)
    {
        if (read != location.Length || Chunk.Hash(block) != hash)
        {
            throw new StateIntegrityException(location.Path,
                $"the block at offset {location.Offset} changed since the image was cut");
        }
    }
}
