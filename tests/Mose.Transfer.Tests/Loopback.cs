using Mose.Contracts.Agent;

namespace Mose.Transfer.Tests;

/// <summary>Runs the sender's half of a transfer straight into a receiver, without a network.</summary>
internal static class Loopback
{
    public const string Name = "redis";
    public const string MigrationId = "m-1";
    public const string Part = "final";

    public static async Task<StateManifest> ManifestAsync(string sourceRoot, params string[] include)
    {
        var manifest = new StateManifest { Name = Name, MigrationId = MigrationId, Part = Part };
        var entries = await ManifestBuilder.BuildAsync(sourceRoot, include, CancellationToken.None);
        manifest.Files.AddRange(entries);
        return manifest;
    }

    public static IAsyncEnumerable<StateChunk> Chunks(string sourceRoot, IEnumerable<string> paths) =>
        ChunkWriter.ReadFilesAsync(Name, MigrationId, Part, sourceRoot, paths, CancellationToken.None);

    /// <summary>
    /// Offers <paramref name="include"/> and pushes what is needed, passing chunks through a filter.
    /// </summary>
    public static async Task<(StateNeeds Needs, PushStateReply Reply)> TransferAsync(StateReceiver receiver,
        string sourceRoot, string[] include,
        Func<IAsyncEnumerable<StateChunk>, IAsyncEnumerable<StateChunk>>? tamper = null)
    {
        var manifest = await ManifestAsync(sourceRoot, include);
        var needs = await receiver.OfferAsync(manifest, CancellationToken.None);
        var chunks = Chunks(sourceRoot, needs.Paths);
        var reply = await receiver.ReceiveAsync(tamper is null ? chunks : tamper(chunks),
            CancellationToken.None);
        return (needs, reply);
    }

    /// <summary>Rewrites chunks by index; returning null drops the chunk.</summary>
    public static async IAsyncEnumerable<StateChunk> Rewrite(IAsyncEnumerable<StateChunk> chunks,
        Func<StateChunk, int, StateChunk?> rewrite)
    {
        var index = 0;
        await foreach (var chunk in chunks)
        {
            var result = rewrite(chunk, index++);
            if (result is not null)
            {
                yield return result;
            }
        }
    }
}
