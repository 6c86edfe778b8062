using System.Globalization;
using Mose.Transfer.Chunks;
using Xunit.Abstractions;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>
/// Measures the store and the image path on one pages image and prints the speeds; timings are reported,
/// never asserted. 16 MiB by default; set MOSE_CHUNK_BENCH_MIB=256 for the figures in the design notes.
/// </summary>
public sealed class ChunkThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Throughput_OfAddReadCutAbsorbAndAssemble_IsReported()
    {
        var mib = int.TryParse(Environment.GetEnvironmentVariable("MOSE_CHUNK_BENCH_MIB"),
            CultureInfo.InvariantCulture, out var requested) ? requested : 16;
        var image = TestData.Random(mib << 20, seed: 7);
        _dir.Write("image/pages-1.img", image);
        var chunks = image.Chunk(Chunk.Size).Select(c => (Hash: Chunk.Hash(c), Data: c)).ToList();
        var buffer = new byte[Chunk.Size];

        using (var store = new ChunkStore(_dir.Combine("live"), maxBytes: 1L << 40))
        {
            Measure($"add {mib} MiB ({chunks.Count} chunks) + flush", mib, () =>
            {
                foreach (var (hash, data) in chunks)
                {
                    store.Add(hash, data);
                }

                store.Flush();
            });
            Measure($"read {mib} MiB in order", mib, () => chunks.ForEach(c => store.Read(c.Hash, buffer)));
            Assert.Equal(chunks.Count, store.Count);
        }

        using var destination = new ChunkStore(_dir.Combine("destination"), maxBytes: 1L << 40);
        ImageCut? cut = null;
        await MeasureAsync($"cut {mib} MiB", mib, async () =>
            cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None));
        await MeasureAsync($"absorb {mib} MiB", mib, () =>
            ImageChunker.AbsorbAsync(destination, _dir.Combine("image"), CancellationToken.None));
        await MeasureAsync($"assemble {mib} MiB", mib, () => ImageAssembler.AssembleAsync(
            destination, cut!.Recipe, _dir.Combine("restored"), CancellationToken.None));
        cut!.Dispose();

        Assert.Equal(image, File.ReadAllBytes(_dir.Combine("restored/pages-1.img")));
    }

    private void Measure(string what, int mib, Action action)
    {
        var start = TimeProvider.System.GetTimestamp();
        action();
        Report(what, mib, TimeProvider.System.GetElapsedTime(start));
    }

    private async Task MeasureAsync(string what, int mib, Func<Task> action)
    {
        var start = TimeProvider.System.GetTimestamp();
        await action();
        Report(what, mib, TimeProvider.System.GetElapsedTime(start));
    }

    private void Report(string what, int mib, TimeSpan elapsed) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {elapsed.TotalMilliseconds:F0} ms, {mib / elapsed.TotalSeconds:F0} MiB/s"));
}
