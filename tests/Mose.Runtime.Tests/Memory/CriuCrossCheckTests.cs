using System.IO.Hashing;
using Mose.Core;
using Mose.Core.Processes;
using Mose.Runtime.Memory;
using Xunit.Abstractions;

namespace Mose.Runtime.Tests.Memory;

/// <summary>
/// The point of live reading: the pages CRIU dumps afterwards should mostly be ones whose hashes the live
/// read already produced, so the final dump sends little. Needs CRIU from scripts/setup.sh.
/// </summary>
public sealed class CriuCrossCheckTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CriuDump_OfIdleRedis_ConsistsAlmostOnlyOfPagesTheLiveReadHashed()
    {
        Assert.True(File.Exists(MosePaths.Criu), $"no CRIU at {MosePaths.Criu}: run scripts/setup.sh");
        using var redis = await RedisProcess.StartAsync();
        await redis.PopulateAsync(16);
        using var images = new TempDirectory();

        var live = (await LiveReads.HashesAsync(new LiveMemoryReader(), redis.Pid)).Values.ToHashSet();
        var dump = await CommandRunner.Instance.RunAsync(MosePaths.Criu,
            ["dump", "-t", redis.Pid.ToString(), "-D", images.Path, "--shell-job", "--leave-running",
             "-o", "dump.log", "-v4"],
            TimeSpan.FromMinutes(2), check: false);
        Assert.True(dump.ExitCode == 0, $"criu dump exited with {dump.ExitCode}; the end of its log:\n" +
            string.Join('\n', File.ReadLines(images.Combine("dump.log")).TakeLast(30)));

        var blocks = 0;
        var known = 0;
        foreach (var image in Directory.GetFiles(images.Path, "pages-*.img"))
        {
            var content = await File.ReadAllBytesAsync(image);
            for (var offset = 0; offset + LiveMemoryReader.PageSize <= content.Length;
                 offset += LiveMemoryReader.PageSize)
            {
                blocks++;
                var block = content.AsSpan(offset, LiveMemoryReader.PageSize);
                known += live.Contains(XxHash128.HashToUInt128(block)) ? 1 : 0;
            }
        }

        var fraction = (double)known / blocks;
        output.WriteLine($"{known} of {blocks} dumped pages were hashed live ({fraction:P2}); " +
            $"the live read had {live.Count} distinct hashes");
        Assert.True(blocks > 4000, $"{blocks} pages dumped");
        Assert.True(fraction >= 0.95, $"{fraction:P2}");
    }
}
