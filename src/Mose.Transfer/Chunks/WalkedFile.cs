namespace Mose.Transfer.Chunks;

/// <summary>A regular file found under an image root.</summary>
/// <param name="Path">Relative path with '/' separators.</param>
/// <param name="FullPath">Absolute path on this host.</param>
/// <param name="Mode">Unix permission bits.</param>
internal readonly record struct WalkedFile(string Path, string FullPath, uint Mode);
