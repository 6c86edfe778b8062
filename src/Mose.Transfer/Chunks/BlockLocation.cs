namespace Mose.Transfer.Chunks;

/// <summary>Where the sender finds a block's bytes: a file of the cut image, offset and length.</summary>
/// <param name="Path">The file's relative path.</param>
/// <param name="Offset">Byte offset of the block in the file.</param>
/// <param name="Length">The block's length, at most <see cref="Chunk.Size"/>.</param>
public readonly record struct BlockLocation(string Path, long Offset, int Length);
