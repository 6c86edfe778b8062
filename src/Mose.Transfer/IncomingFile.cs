using System.IO.Hashing;
using K4os.Compression.LZ4;
using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// One file being received: written to a hidden temporary sibling and renamed into place only after its size
/// and hash check out, so a failed transfer never leaves a partial file under the real name.
/// </summary>
internal sealed class IncomingFile : IAsyncDisposable
{
    private readonly FileEntry _entry;
    private readonly string _fullPath;
    private readonly string _tempPath;
    private readonly FileStream _stream;
    private readonly XxHash128 _hasher = new();
    private bool _committed;

    private IncomingFile(FileEntry entry, string fullPath, string tempPath, FileStream stream)
    {
        _entry = entry;
        _fullPath = fullPath;
        _tempPath = tempPath;
        _stream = stream;
    }

    /// <summary>Relative path of the file.</summary>
    public string Path => _entry.Path;

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Creates the temporary file next to <paramref name="fullPath"/>.</summary>
    public static IncomingFile Create(FileEntry entry, string fullPath)
    {
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Join(directory,
            $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.mose-part");
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
            bufferSize: 0, FileOptions.Asynchronous);
        return new IncomingFile(entry, fullPath, temp, stream);
    }

    /// <summary>
    /// Checks and appends one chunk; <paramref name="scratch"/> receives decompressed data.
    /// </summary>
    public async Task WriteAsync(StateChunk chunk, byte[] scratch, CancellationToken cancellationToken)
    {
        if (chunk.Offset != Length)
        {
            throw Fault($"chunk at offset {chunk.Offset}, expected offset {Length}");
        }

        if (chunk.RawLength < 0 || chunk.RawLength > ChunkWriter.MaxChunkBytes)
        {
            throw Fault($"chunk at offset {chunk.Offset} has invalid raw length {chunk.RawLength}");
        }

        if (Length + chunk.RawLength > _entry.Size)
        {
            throw Fault($"size mismatch: more than the offered {_entry.Size} bytes");
        }

        ReadOnlyMemory<byte> data;
        if (chunk.Compressed)
        {
            var decoded = LZ4Codec.Decode(chunk.Data.Span, scratch.AsSpan(0, chunk.RawLength));
            if (decoded != chunk.RawLength)
            {
                throw Fault($"corrupt LZ4 block at offset {chunk.Offset}");
            }

            data = scratch.AsMemory(0, chunk.RawLength);
        }
        else
        {
            if (chunk.Data.Length != chunk.RawLength)
            {
                throw Fault($"chunk at offset {chunk.Offset} carries {chunk.Data.Length} bytes, "
                    + $"raw length says {chunk.RawLength}");
            }

            data = chunk.Data.Memory;
        }

        _hasher.Append(data.Span);
        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
    }

    /// <summary>Verifies size and hash, applies the mode and renames the file into place.</summary>
    public async Task CommitAsync()
    {
        if (Length != _entry.Size)
        {
            throw Fault($"size mismatch: offered {_entry.Size} bytes, received {Length}");
        }

        var hash = _hasher.GetHashAndReset();
        if (!hash.AsSpan().SequenceEqual(_entry.Xxh128.Span))
        {
            throw Fault($"hash mismatch: offered {Convert.ToHexString(_entry.Xxh128.Span)}, "
                + $"received {Convert.ToHexString(hash)}");
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        UnixMode.Set(_tempPath, _entry.Mode);

        // rename(2) replaces whatever is at the destination, including a stale symlink, atomically.
        File.Move(_tempPath, _fullPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the file and, unless it was committed, deletes the temporary copy.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            File.Delete(_tempPath);
        }
    }

    private StateIntegrityException Fault(string detail) => new(_entry.Path, detail);
}
