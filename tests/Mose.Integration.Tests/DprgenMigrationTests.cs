using Mose.Cli.Client;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>dprgen in the lab, deployed with `lab deploy --state --rate` and asked over one connection from
/// `ue` before and after live migrations: every page must still hold what its version says.</summary>
[Collection(LabCollection.Name)]
public sealed class DprgenMigrationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Dprgen_MigratedWhileWriting_KeepsEveryPageAndGoesOnCounting()
    {
        const string name = "dp-keep";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1",
            "--state", "64MB", "--rate", "500");
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            await client.PingAsync(ct);
            var settled = await DprgenWait.AchievedAsync(client, 500, ct);
            output.WriteLine($"on edge1: {settled}");
            Assert.Equal((64, 16384L, 500), (settled.StateMiB, settled.Pages, settled.Rate));
            var check = await client.CheckAsync(ct);
            Assert.True(check.Ok, $"before the migration: {check.Detail}");
            var before = await client.StatsAsync(ct);

            var moved = await LabFixture.MigrateOkAsync(name, "edge2");
            output.WriteLine($"edge1 -> edge2: downtime {moved.DowntimeMs:F0} ms, total {moved.TotalMs:F0} ms, " +
                $"{moved.BytesSent} bytes");

            check = await client.CheckAsync(ct);
            Assert.True(check.Ok, $"after edge1 -> edge2: {check.Detail}");
            var after = await client.StatsAsync(ct);
            output.WriteLine($"on edge2: {after}");
            Assert.True(after.Writes > before.Writes && after.UptimeMs > before.UptimeMs,
                $"the restored dprgen did not go on from its dumped counters: before {before}, " +
                $"after {after}");
            var resumed = await DprgenWait.AchievedAsync(client, 500, ct);
            output.WriteLine($"on edge2, a while later: {resumed}");
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Dprgen_PausedDuringMigration_HasTheSameSumAfterIt()
    {
        const string name = "dp-sum";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1",
            "--state", "64MB", "--rate", "2000");
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            await DprgenWait.WritesAboveAsync(client, 2000, ct);
            await client.SetRateAsync(0, ct);
            var before = await client.SumAsync(ct);

            var moved = await LabFixture.MigrateOkAsync(name, "edge2");
            output.WriteLine($"edge1 -> edge2: downtime {moved.DowntimeMs:F0} ms, total {moved.TotalMs:F0} ms, " +
                $"{moved.BytesSent} bytes");

            var after = await client.SumAsync(ct);
            output.WriteLine($"SUM before the move: {before}; after it: {after}");
            Assert.Equal(before, after);
            var check = await client.CheckAsync(ct);
            Assert.True(check.Ok, $"after edge1 -> edge2: {check.Detail}");

            await client.SetRateAsync(2000, ct);
            await DprgenWait.WritesAboveAsync(client, after.Writes, ct);
            Assert.NotEqual(after.Sum, (await client.SumAsync(ct)).Sum);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }
}
