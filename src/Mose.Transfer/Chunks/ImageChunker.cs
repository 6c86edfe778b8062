using System.Buffers;
using System.IO.Hashing;

namespace Mose.Transfer.Chunks;

/// <summary>
/// Cuts CRIU image directories into 4 KiB blocks. The sender cuts the final dump and sends only the blocks
/// the destination lacks plus the recipe; after a migration it absorbs the dump into its own store so that
/// a return trip finds the pages there.
/// </summary>
public static class ImageChunker
{
    /// <summary>
    /// Walks every entry under <paramref name="root"/> (recursively, symlinks not followed) and hashes
    /// each regular file whole and per 4 KiB block.
    /// </summary>
    /// <param name="root">The image directory.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The recipe and the block locations; dispose it when the blocks have been sent.</returns>
    /// <exception cref="StateIntegrityException">An entry is not a regular file, directory or a symlink
    /// that stays inside.</exception>
    public static async Task<ImageCut> CutAsync(string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        var listing = TreeWalker.List(root, cancellationToken);
        var blocks = new Dictionary<UInt128, BlockLocation>();
        var files = new List<RecipeFile>(listing.Files.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockScanner.BufferBytes);
        try
        {
            foreach (var file in listing.Files)
            {
                files.Add(await CutFileAsync(file, buffer, blocks, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ImageCut(root, new ImageRecipe(listing.Directories, listing.Symlinks, files), blocks);
    }

    /// <summary>Adds every block of every regular file under <paramref name="root"/> to the store.</summary>
    /// <param name="store">The store to fill.</param>
    /// <param name="root">The image directory.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>Number of chunks that were new to the store.</returns>
    public static async Task<int> AbsorbAsync(ChunkStore store, string root,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(root);
        var listing = TreeWalker.List(root, cancellationToken);
        var added = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BlockScanner.BufferBytes);
        try
        {
            foreach (var file in listing.Files)
            {
                await BlockScanner.ScanAsync(file.FullPath, buffer,
                    (block, _) => added += store.AddHashed(Chunk.Hash(block), block) ? 1 : 0,
                    cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return added;
    }

    private static async Task<RecipeFile> CutFileAsync(WalkedFile file, byte[] buffer,
        Dictionary<UInt128, BlockLocation> blocks, CancellationToken cancellationToken)
    {
        var whole = new XxHash128();
        var chunks = new List<UInt128>();

        // Size comes from the bytes actually read, so size, file hash and blocks describe the same content.
        var size = await BlockScanner.ScanAsync(file.FullPath, buffer, (block, offset) =>
        {
            whole.Append(block);
            var hash = Chunk.Hash(block);
            chunks.Add(hash);
            blocks.TryAdd(hash, new BlockLocation(file.Path, offset, block.Length));
        }, cancellationToken).ConfigureAwait(false);

        return new RecipeFile(file.Path, size, file.Mode, whole.GetCurrentHashAsUInt128(), chunks);
    }
}
