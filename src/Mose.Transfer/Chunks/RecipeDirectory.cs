namespace Mose.Transfer.Chunks;

/// <summary>A directory of an image.</summary>
/// <param name="Path">Relative path with '/' separators.</param>
/// <param name="Mode">Unix permission bits, applied after its contents are written.</param>
public sealed record RecipeDirectory(string Path, uint Mode);
