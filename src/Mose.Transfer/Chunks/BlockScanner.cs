namespace Mose.Transfer.Chunks;

/// <summary>Receives one block of a file being scanned.</summary>
/// <param name="block">The block's bytes; valid only during the call.</param>
/// <param name="offset">The block's offset in the file.</param>
internal delegate void BlockVisitor(ReadOnlySpan<byte> block, long offset);

/// <summary>Reads a file in large pieces and hands it out in 4 KiB blocks.</summary>
internal static class BlockScanner
{
    /// <summary>Bytes read at a time; a multiple of <see cref="Chunk.Size"/>.</summary>
    public const int BufferBytes = 1 << 20;

    /// <summary>Visits every block of the file in order and returns the number of bytes read.</summary>
    /// <param name="path">The file.</param>
    /// <param name="buffer">At least <see cref="BufferBytes"/> bytes of scratch space.</param>
    /// <param name="visitor">Called once per block.</param>
    /// <param name="cancellationToken">Stops between pieces.</param>
    public static async Task<long> ScanAsync(string path, byte[] buffer, BlockVisitor visitor,
        CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read,
            FileOptions.SequentialScan);
        var piece = buffer.AsMemory(0, BufferBytes);
        long offset = 0;
        while (true)
        {
            // Filled completely before cutting, so a short read never produces a short block mid-file.
            var filled = 0;
            int read;
            while (filled < piece.Length
                   && (read = await RandomAccess.ReadAsync(handle, piece[filled..], offset + filled,
                       cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            for (var at = 0; at < filled; at += Chunk.Size)
            {
                visitor(piece.Span.Slice(at, Math.Min(Chunk.Size, filled - at)), offset + at);
            }

            offset += filled;
            if (filled < piece.Length)
            {
                return offset;
            }
        }
    }
}
