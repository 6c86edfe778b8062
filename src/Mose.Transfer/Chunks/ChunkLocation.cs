namespace Mose.Transfer.Chunks;

/// <summary>
/// Where a stored chunk's bytes are. It holds the pack itself rather than its number so a read needs no
/// second lookup, and so eviction can tell a chunk's live copy from a superseded one by reference.
/// </summary>
internal readonly record struct ChunkLocation(Pack Pack, long Offset, int Length);
