namespace Mose.Transfer.Chunks;

/// <summary>
/// Everything needed to rebuild a directory of CRIU image files byte for byte from a chunk store. Plain
/// data so the transport can map it to its own messages; each list is sorted by path (ordinal).
/// </summary>
/// <param name="Directories">Directories below the root, parents before children.</param>
/// <param name="Symlinks">Symlinks.</param>
/// <param name="Files">Regular files with their block hashes.</param>
public sealed record ImageRecipe(IReadOnlyList<RecipeDirectory> Directories,
    IReadOnlyList<RecipeSymlink> Symlinks, IReadOnlyList<RecipeFile> Files)
{
    /// <summary>Sum of the files' sizes.</summary>
    public long TotalBytes => Files.Sum(file => file.Size);

    /// <summary>Every block hash of every file, each once, in order of first appearance.</summary>
    /// <returns>The distinct hashes, e.g. to ask a peer which ones it lacks.</returns>
    public IReadOnlyList<UInt128> DistinctChunks()
    {
        var seen = new HashSet<UInt128>();
        var distinct = new List<UInt128>();
        foreach (var file in Files)
        {
            foreach (var hash in file.Chunks)
            {
                if (seen.Add(hash))
                {
                    distinct.Add(hash);
                }
            }
        }

        return distinct;
    }
}
