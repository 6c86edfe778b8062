namespace Mose.Transfer.Chunks;

/// <summary>
/// A symlink of an image. Only relative targets that stay inside the image are accepted: leading ".."
/// segments that do not climb above the root, then plain names.
/// </summary>
/// <param name="Path">Relative path with '/' separators.</param>
/// <param name="Target">The link's target, relative to the link's directory.</param>
public sealed record RecipeSymlink(string Path, string Target);
