using Mose.Contracts.Agent;
using Mose.Transfer;
using Mose.Transfer.Chunks;

namespace Mose.Agent.PreCopy;

/// <summary>
/// Sends a final dump as chunks: CRIU's image files are cut into 4 KiB blocks (pages-*.img holds raw pages,
/// so its blocks are the pages the rounds already sent), only the blocks the peer lacks travel, and the
/// peer rebuilds every file byte for byte from its store before the restore.
/// </summary>
internal static class ImageSender
{
    /// <summary>Sends the images under <paramref name="images"/>; <paramref name="peerHas"/> are chunks the
    /// rounds already placed on the peer, not asked about again.</summary>
    public static async Task<SendStateReply> SendAsync(ChunkPusher pusher, Contracts.Agent.Agent.AgentClient peer, string name,
        string migrationId, string images, IReadOnlySet<UInt128>? peerHas, CancellationToken cancellationToken)
    {
        using var cut = await ImageChunker.CutAsync(images, cancellationToken).ConfigureAwait(false);
        var distinct = cut.Recipe.DistinctChunks();
        var unknown = peerHas is null ? distinct : distinct.Where(h => !peerHas.Contains(h)).ToList();
        var missing = await pusher.MissingAsync(unknown).ConfigureAwait(false);
        var buffer = new byte[Mose.Transfer.Chunks.Chunk.Size];
        foreach (var hash in missing)
        {
            var length = cut.ReadBlock(hash, buffer);
            await pusher.AddAsync(hash, buffer.AsMemory(0, length)).ConfigureAwait(false);
        }

        await pusher.CompleteAsync().ConfigureAwait(false);
        var assembled = await peer.AssembleImagesAsync(RecipeWire.ToMessage(cut.Recipe, name, migrationId),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SendStateReply
        {
            Files = cut.Recipe.Files.Count, Chunks = distinct.Count, ChunksSent = pusher.Chunks,
            RawBytes = pusher.RawBytes, WireBytes = pusher.WireBytes, AssembleMs = assembled.ElapsedMs,
            PagesDirtied = peerHas is null ? 0 : PagesNotSent(cut.Recipe, peerHas),
        };
    }

    // Pages of the dump whose content no round sent: what changed after the last round read it.
    private static long PagesNotSent(Mose.Transfer.Chunks.ImageRecipe recipe, IReadOnlySet<UInt128> peerHas) =>
        recipe.Files.Where(f => Path.GetFileName(f.Path).StartsWith("pages-", StringComparison.Ordinal))
            .Sum(f => f.Chunks.Count(h => !peerHas.Contains(h)));
}
