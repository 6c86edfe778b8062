using System.Buffers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using K4os.Compression.LZ4;
using Mose.Contracts.Agent;

namespace Mose.Transfer;

/// <summary>
/// Turns files into the <see cref="StateChunk"/> sequence of a PushState stream. Kept apart from <see
/// cref="StateSender"/> so the chunk format can be exercised without a network.
/// </summary>
public static class ChunkWriter
{
    /// <summary>Largest raw (uncompressed) payload of one chunk.</summary>
    public const int MaxChunkBytes = 1024 * 1024;

    /// <summary>
    /// Produces the chunks of every file in <paramref name="paths"/>, in order. The first chunk of the whole
    /// sequence carries <paramref name="name"/>, <paramref name="migrationId"/> and <paramref name="part"/>.
    /// </summary>
    /// <param name="name">Service name.</param>
    /// <param name="migrationId">Migration the state belongs to.</param>
    /// <param name="part">State part, e.g. "bundle" or "final".</param>
    /// <param name="root">Directory the paths are relative to.</param>
    /// <param name="paths">Regular files to send, relative to <paramref name="root"/> with '/'
    /// separators.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The chunks.</returns>
    public static async IAsyncEnumerable<StateChunk> ReadFilesAsync(string name, string migrationId,
        string part, string root, IEnumerable<string> paths,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var first = true;
        foreach (var path in paths)
        {
            var full = RelativePath.Combine(root, path);
            await foreach (var chunk in ReadFileAsync(full, path, cancellationToken).ConfigureAwait(false))
            {
                if (first)
                {
                    chunk.Name = name;
                    chunk.MigrationId = migrationId;
                    chunk.Part = part;
                    first = false;
                }

                yield return chunk;
            }
        }
    }

    /// <summary>
    /// Produces the chunks of one file: up to <see cref="MaxChunkBytes"/> raw bytes each, LZ4-compressed
    /// only when that saves at least about 10%, with <c>last</c> set on the final chunk. An empty file
    /// yields a single empty chunk so the receiver still creates and verifies it.
    /// </summary>
    /// <param name="fullPath">File to read.</param>
    /// <param name="relativePath">Path written into each chunk.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The chunks.</returns>
    public static async IAsyncEnumerable<StateChunk> ReadFileAsync(string fullPath, string relativePath,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(MaxChunkBytes);
        var next = ArrayPool<byte>.Shared.Rent(MaxChunkBytes);
        var scratch = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(MaxChunkBytes));
        try
        {
            await using var stream = FileHasher.OpenRead(fullPath);
            var currentLength = await ReadBlockAsync(stream, current, cancellationToken)
                .ConfigureAwait(false);
            long offset = 0;
            while (true)
            {
                // A full block may or may not be the end of the file; reading ahead is the only way to know
                // whether to mark it last without trusting a length that could have changed.
                var nextLength = currentLength == MaxChunkBytes
                    ? await ReadBlockAsync(stream, next, cancellationToken).ConfigureAwait(false)
                    : 0;
                var last = nextLength == 0;
                yield return Encode(relativePath, offset, current, currentLength, last, scratch);
                if (last)
                {
                    yield break;
                }

                offset += currentLength;
                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Builds one chunk, compressing it only when that pays off.</summary>
    internal static StateChunk Encode(string path, long offset, byte[] raw, int length, bool last,
        byte[] scratch)
    {
        var source = raw.AsSpan(0, length);
        var encoded = length > 0 ? LZ4Codec.Encode(source, scratch, LZ4Level.L00_FAST) : -1;
        var compressed = encoded > 0 && encoded <= length - (length / 10);
        return new StateChunk
        {
            Path = path,
            Offset = offset,
            RawLength = length,
            Compressed = compressed,
            Data = ByteString.CopyFrom(compressed ? scratch.AsSpan(0, encoded) : source),
            Last = last,
        };
    }

    private static async Task<int> ReadBlockAsync(Stream stream, byte[] buffer,
        CancellationToken cancellationToken)
    {
        return await stream.ReadAtLeastAsync(buffer.AsMemory(0, MaxChunkBytes), MaxChunkBytes,
            throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
    }
}
