namespace Mose.Transfer.Chunks;

/// <summary>What one <see cref="ChunkStore.Trim"/> call did.</summary>
/// <param name="Chunks">Chunks evicted.</param>
/// <param name="Bytes">Pack bytes deleted from disk.</param>
/// <param name="Packs">Whole packs deleted.</param>
/// <param name="Pinned">True when nothing was evicted because a migration holds a pin.</param>
public readonly record struct TrimResult(int Chunks, long Bytes, int Packs, bool Pinned);
