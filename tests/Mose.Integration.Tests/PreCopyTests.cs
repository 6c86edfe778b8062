using Mose.Cli.Client;
using Mose.Contracts.Orchestrator;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>Mose's pre-copy on the real stack: rounds read the running service's memory through /proc (this
/// kernel has no soft-dirty bits), the final dump travels as the chunks the destination lacks.</summary>
[Collection(LabCollection.Name)]
public sealed class PreCopyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Redis_MigratedWithPreCopyThereAndBack_KeepsConnectionAndEveryKey()
    {
        const string name = "r-pre";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("redis", name);
        using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<Mose.Probe.ProbeReport>? probe = null;
        try
        {
            probe = await Services.StartProbeAsync(service, probeStop.Token);
            await using var data = new RedisDataSet(service, keys: 20000);
            await data.LoadAsync(ct);

            var there = await MigrateAsync(name, "edge2");
            await data.AssertSameConnectionAsync("after edge1 -> edge2", ct);
            var back = await MigrateAsync(name, "edge1");
            await data.AssertIntactAsync("after edge1 -> edge2 -> edge1", ct);

            Assert.All(new[] { there, back }, r => Assert.NotEmpty(r.Rounds));
            await probeStop.CancelAsync();
            var report = await probe;
            output.WriteLine(Services.Describe(report));
            Assert.True(report.ConnectionKept && report.Resets == 0, Services.Describe(report));
        }
        finally
        {
            await probeStop.CancelAsync();
            if (probe is not null)
            {
                await probe.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Dprgen_MigratedWithPreCopyWhileWriting_KeepsEveryPageAndItsConnection()
    {
        const string name = "dp-pre";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1", "--state", "64MB", "--rate", "2000");
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            await DprgenWait.WritesAboveAsync(client, 2000, ct);
            var before = await client.StatsAsync(ct);

            var moved = await MigrateAsync(name, "edge2");

            var check = await client.CheckAsync(ct);
            Assert.True(check.Ok, $"after a pre-copy move: {check.Detail}");
            var after = await client.StatsAsync(ct);
            Assert.True(after.Writes > before.Writes, $"dprgen did not go on from its counters: {before} then {after}");

            // The pages it rewrote after the last round are what the freeze had to send: a few MiB at most,
            // not the 64 MiB state.
            Assert.True(moved.Rounds[0].RawBytes >= 60L << 20, $"round 1 sent {moved.Rounds[0].RawBytes} bytes");
            Assert.InRange(moved.FreezeRawBytes, 1, 16L << 20);
            Assert.True(moved.PagesDirtiedFinal > 0, "no page changed between the last round and the freeze?");
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Dprgen_ReturnTripWithPreCopy_SendsAFractionOfTheFirstTripAndKeepsItsChecksum()
    {
        const string name = "dp-trip";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        // A seed of its own, so that no chunk store holds its pages from an earlier test.
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1", "--state", "64MB", "--rate", "0",
            "--seed", Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            var sum = await client.SumAsync(ct);

            var there = await MigrateAsync(name, "edge2");
            var back = await MigrateAsync(name, "edge1");

            output.WriteLine($"first trip {there.BytesSent} bytes, return trip {back.BytesSent} bytes");
            Assert.True(there.BytesSent > 60L << 20, $"first trip sent only {there.BytesSent} bytes");
            Assert.True(back.BytesSent * 20 <= there.BytesSent,
                $"return trip sent {back.BytesSent} bytes, more than 5% of the first trip's {there.BytesSent}");
            Assert.Equal(sum, await client.SumAsync(ct));
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task CriuPreDump_OnAKernelWithoutDirtyTracking_IsRefusedBeforeAnythingIsTouched()
    {
        const string name = "dp-native";
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1", "--state", "8MB", "--rate", "0");
        try
        {
            var (run, result) = await LabFixture.MigrateAsync(name, "edge2", "--strategy", "criu-predump");

            // The host lacks something: exit 4, as the README says.
            Assert.Equal(4, run.ExitCode);
            Assert.Equal("plan", result.FailedPhase);
            Assert.Contains("cannot run strategy criu-predump", result.Error, StringComparison.Ordinal);
            Assert.Contains("dirty-tracking", result.Error, StringComparison.Ordinal);
            var status = await LabFixture.StatusAsync();
            var placement = status.Services.Single(s => s.Name == name);
            Assert.Equal(("edge1", "running"), (placement.Host, placement.State));
            Assert.Equal(service.Ip, placement.Ip);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Profile_OfAServiceWritingAKnownRate_MeasuresThatRateWithoutStoppingIt()
    {
        const string name = "dp-prof";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1", "--state", "64MB", "--rate", "1000");
        try
        {
            var run = await LabFixture.RunAsync("profile", name, "--duration", "3s", "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            var profile = Json.Parse<ServiceProfile>(run);
            output.WriteLine(profile.ToString());

            Assert.InRange(profile.PagesPresent, 16384, 16384 + 4096);
            // dprgen rewrites 1000 pages a second; each write also bumps the page's entry in its version table,
            // so the reader, which counts distinct dirty pages per round, sees some more than that.
            Assert.InRange(profile.DirtyPagesPerSecond, 900, 2000);
            await using var client = await DprgenClient.ConnectAsync(service, timeout.Token);
            var stats = await DprgenWait.AchievedAsync(client, 1000, timeout.Token);
            Assert.Equal(1000, stats.Rate);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    private async Task<MigrationResult> MigrateAsync(string name, string to)
    {
        var (run, result) = await LabFixture.MigrateAsync(name, to, "--strategy", "precopy");
        Assert.True(run.ExitCode == 0 && result.Success, $"pre-copy migration of {name} to {to} failed: {run}");
        output.WriteLine($"{name} -> {to}: {result.Rounds.Count} rounds ({result.StopReason}), downtime " +
            $"{result.DowntimeMs:F0} ms, {result.BytesSent} bytes, {result.FreezeRawBytes} while frozen");
        Assert.Equal("precopy", result.Strategy);
        Assert.NotEmpty(result.StopReason);
        return result;
    }
}
