using System.Diagnostics;
using System.Globalization;
using Mose.Transfer.Chunks;
using Xunit.Abstractions;

namespace Mose.Transfer.Tests.Chunks;

/// <summary>
/// Measures the store and the image path on one pages image and prints the speeds; timings are reported,
/// never asserted. 16 MiB and one round by default; MOSE_CHUNK_BENCH_MIB=256 and MOSE_CHUNK_BENCH_ROUNDS=3
/// give the figures in the report.
/// </summary>
public sealed class ChunkThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Throughput_OfAddReadCutAbsorbAndAssemble_IsReported()
    {
        var mib = Setting("MOSE_CHUNK_BENCH_MIB", 16);
        var image = TestData.Random(mib << 20, seed: 7);
        _dir.Write("image/pages-1.img", image);
        var imageHash = Chunk.Hash(image);

        // Slices of the one image rather than 65,536 arrays, so the measured rounds do not pay for the GC
        // walking them.
        var chunks = Enumerable.Range(0, image.Length / Chunk.Size)
            .Select(i => new ReadOnlyMemory<byte>(image, i * Chunk.Size, Chunk.Size))
            .Select(m => (Hash: Chunk.Hash(m.Span), Data: m))
            .ToList();

        // The first round includes JIT warm-up; later rounds show what a long-lived agent sees.
        for (var round = 1; round <= Setting("MOSE_CHUNK_BENCH_ROUNDS", 1); round++)
        {
            output.WriteLine($"round {round}");
            await RunRoundAsync($"r{round}", mib, chunks);
            using var restored = await ImageChunker.CutAsync(_dir.Combine($"r{round}/restored"),
                CancellationToken.None);
            Assert.Equal(imageHash, restored.Recipe.Files.Single().FileHash);
        }
    }

    private async Task RunRoundAsync(string name, int mib,
        List<(UInt128 Hash, ReadOnlyMemory<byte> Data)> chunks)
    {
        var buffer = new byte[Chunk.Size];
        using (var store = new ChunkStore(_dir.Combine($"{name}/live"), maxBytes: 1L << 40))
        {
            Measure($"add {mib} MiB ({chunks.Count} chunks) + flush", mib, () =>
            {
                foreach (var (hash, data) in chunks)
                {
                    store.Add(hash, data.Span);
                }

                store.Flush();
            });
            Measure($"read {mib} MiB in order", mib, () => chunks.ForEach(c => store.Read(c.Hash, buffer)));
            Assert.Equal(chunks.Count, store.Count);
        }

        using var destination = new ChunkStore(_dir.Combine($"{name}/destination"), maxBytes: 1L << 40);
        ImageCut? cut = null;
        await MeasureAsync($"cut {mib} MiB", mib, async () =>
            cut = await ImageChunker.CutAsync(_dir.Combine("image"), CancellationToken.None));
        await MeasureAsync($"absorb {mib} MiB", mib, () =>
            ImageChunker.AbsorbAsync(destination, _dir.Combine("image"), CancellationToken.None));
        await MeasureAsync($"assemble {mib} MiB", mib, () => ImageAssembler.AssembleAsync(
            destination, cut!.Recipe, _dir.Combine($"{name}/restored"), CancellationToken.None));
        cut!.Dispose();
    }

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture,
            out var value) ? value : fallback;

    private void Measure(string what, int mib, Action action)
    {
        var (start, cpu) = (TimeProvider.System.GetTimestamp(), CpuTime());
        action();
        Report(what, mib, TimeProvider.System.GetElapsedTime(start), CpuTime() - cpu);
    }

    private async Task MeasureAsync(string what, int mib, Func<Task> action)
    {
        var (start, cpu) = (TimeProvider.System.GetTimestamp(), CpuTime());
        await action();
        Report(what, mib, TimeProvider.System.GetElapsedTime(start), CpuTime() - cpu);
    }

    // CPU time of the whole test process: on a machine shared with other builds, wall time mostly measures
    // the wait for a core, while CPU time still tells what the work itself costs.
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private void Report(string what, int mib, TimeSpan elapsed, TimeSpan cpu) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {elapsed.TotalMilliseconds:F0} ms wall ({mib / elapsed.TotalSeconds:F0} MiB/s), "
            + $"{cpu.TotalMilliseconds:F0} ms CPU"));
}
