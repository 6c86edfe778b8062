using System.Diagnostics;
using Mose.Cli.Client;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>The orchestrator's store on the real stack: an orchestrator killed in the middle of a migration
/// and started again finishes or undoes it, and `mose history` says what happened.</summary>
[Collection(LabCollection.Name)]
public sealed class OrchestratorRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Orchestrator_KilledInPreCopyThenStarted_LeavesServiceInOnePlaceIntactAndSaysWhy()
    {
        const string name = "dp-kill";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1",
            "--state", "128MB", "--rate", "500");
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            await DprgenWait.WritesAboveAsync(client, 500, ct);
            var before = await client.StatsAsync(ct);

            // At 50 Mbit/s the first round alone takes about 20 s: the kill lands inside it.
            MigrationRecord interrupted;
            await using (var migrate = BackgroundCli.Start(LabFixture.Lab, "migrate", name, "--to", "edge2",
                "--strategy", "precopy", "--bandwidth", "50mbit"))
            {
                await migrate.WaitForLineAsync("precopy:", TimeSpan.FromMinutes(1));
                interrupted = await LatestAsync(name);
                Assert.Equal("running", interrupted.Status);
                KillOrchestrator();
                var exit = await migrate.WaitForExitAsync(TimeSpan.FromMinutes(1));
                output.WriteLine($"migrate exited {exit} after the kill:\n{migrate.Output}");
                Assert.NotEqual(0, exit);
            }

            await MoseCli.RunOkAsync(LabFixture.Lab, LabFixture.LabTimeout, "lab", "up");
            var record = interrupted;
            await Poll.UntilAsync("the restarted orchestrator resolves the interrupted migration",
                TimeSpan.FromMinutes(3), async () =>
                {
                    record = await LatestAsync(name);
                    var resolved = record.Status.StartsWith("recovered-", StringComparison.Ordinal);
                    return (resolved, record.ToString());
                }, ct);
            output.WriteLine($"{record.Status}: {record.Note}");

            Assert.Equal(interrupted.Id, record.Id);
            var host = record.Status == "recovered-undone" ? "edge1" : "edge2";
            Assert.Contains("orchestrator restarted during the migration", record.Note,
                StringComparison.Ordinal);
            Assert.Contains(record.Status == "recovered-undone" ? "resumed on edge1" : "completed there",
                record.Note, StringComparison.Ordinal);
            await AssertRunsOnlyOnAsync(name, host, ct);
            var check = await client.CheckAsync(ct);
            Assert.True(check.Ok, $"after the recovery: {check.Detail}");
            var after = await client.StatsAsync(ct);
            Assert.True(after.Writes > before.Writes,
                $"dprgen stopped counting: before {before}, after {after}");

            // The recovered service migrates normally, and the history says so.
            var next = host == "edge1" ? "edge2" : "edge1";
            var moved = await LabFixture.MigrateOkAsync(name, next);
            var latest = await LatestAsync(name);
            Assert.Equal((moved.MigrationId, "succeeded"), (latest.Id, latest.Status));
            await AssertRunsOnlyOnAsync(name, next, ct);
            Assert.True((await client.CheckAsync(ct)).Ok, "after the migration that followed the recovery");
        }
        finally
        {
            if (!Daemon.IsRunning("orchestrator"))
            {
                await MoseCli.RunAsync(LabFixture.Lab, LabFixture.LabTimeout, "lab", "up");
            }

            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task History_ListsRefusedAndSucceededMigrationsNewestFirstAndRejectsABadLimit()
    {
        const string name = "r-hist";
        await LabFixture.DeployAsync("redis", name);
        try
        {
            var refused = await LabFixture.RunAsync("migrate", name, "--to", "edge9");
            Assert.True(refused.ExitCode == 1, refused.ToString());
            var moved = await LabFixture.MigrateOkAsync(name, "edge2");

            var json = Json.Parse<HistoryReply>(await MoseCli.RunOkAsync(LabFixture.Lab,
                LabFixture.CommandTimeout, "history", "--json", "--service", name));
            Assert.Equal(["succeeded", "refused"], json.Migrations.Select(m => m.Status));
            var done = json.Migrations[0];
            Assert.Equal((moved.MigrationId, "edge1", "edge2", "cold"),
                (done.Id, done.Source, done.Destination, done.Strategy));
            Assert.Equal(moved.DowntimeMs, done.Result.DowntimeMs);
            Assert.Contains("unknown host 'edge9'", json.Migrations[1].Result.Error,
                StringComparison.Ordinal);

            var table = await MoseCli.RunOkAsync(LabFixture.Lab, LabFixture.CommandTimeout, "history");
            output.WriteLine(table.StdOut);
            Assert.Contains(moved.MigrationId, table.StdOut, StringComparison.Ordinal);
            Assert.Contains("succeeded", table.StdOut, StringComparison.Ordinal);

            var bad = await LabFixture.RunAsync("history", "--limit", "0");
            Assert.True(bad.ExitCode == 1, bad.ToString());
            Assert.Contains("--limit 0 out of range", bad.StdErrFlat, StringComparison.Ordinal);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    private static async Task<MigrationRecord> LatestAsync(string service)
    {
        var run = await MoseCli.RunOkAsync(LabFixture.Lab, LabFixture.CommandTimeout, "history", "--json",
            "--limit", "1", "--service", service);
        return Assert.Single(Json.Parse<HistoryReply>(run).Migrations);
    }

    // SIGKILL: no shutdown code runs, as when the orchestrator's host crashes.
    private static void KillOrchestrator()
    {
        var pid = int.Parse(File.ReadAllText(LabPaths.PidFile("orchestrator")).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private static async Task AssertRunsOnlyOnAsync(string name, string host, CancellationToken ct)
    {
        var status = await LabFixture.StatusAsync();
        var placement = status.Services.Single(s => s.Name == name);
        Assert.Equal((host, "running"), (placement.Host, placement.State));
        Assert.Equal([$"{host}:running"], await LabAgents.CopiesAsync(name, ct));
    }
}
