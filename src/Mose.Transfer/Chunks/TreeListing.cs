namespace Mose.Transfer.Chunks;

/// <summary>What <see cref="TreeWalker"/> found, each list sorted by path (ordinal).</summary>
internal sealed record TreeListing(IReadOnlyList<RecipeDirectory> Directories,
    IReadOnlyList<RecipeSymlink> Symlinks, IReadOnlyList<WalkedFile> Files);
