using System.Buffers;
using System.IO.Hashing;

namespace Mose.Transfer;

/// <summary>Streams a file through XxHash128 so multi-GB memory images never sit in memory.</summary>
internal static class FileHasher
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Hashes the file's content; returns the 16-byte hash and the number of bytes hashed.
    /// </summary>
    public static async Task<(byte[] Hash, long Length)> HashAsync(string path,
        CancellationToken cancellationToken)
    {
        var hasher = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            await using var stream = OpenRead(path);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)
                       .ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (hasher.GetHashAndReset(), length);
    }

    /// <summary>Opens a file for one sequential pass; the caller does its own buffering.</summary>
    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
}
