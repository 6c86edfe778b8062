namespace Mose.Transfer.Chunks;

/// <summary>How to rebuild one regular file of an image from stored chunks.</summary>
/// <param name="Path">Relative path with '/' separators.</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="Mode">Unix permission bits.</param>
/// <param name="FileHash">XxHash128 of the whole file, checked after the rebuild.</param>
/// <param name="Chunks">Hashes of the file's 4 KiB blocks in order; only the last may be shorter.</param>
public sealed record RecipeFile(string Path, long Size, uint Mode, UInt128 FileHash,
    IReadOnlyList<UInt128> Chunks);
