using Mose.Cli.Client;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>The designer on the real stack: a migration with targets carries its plan, the controller's
/// decisions and predicted against measured KPIs; a hard target nothing can meet is refused before anything
/// is touched. (The whole sweep is `mose bench designer`, too slow for CI.)</summary>
[Collection(LabCollection.Name)]
public sealed class DesignerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Migrate_WithTargets_CarriesThePlanItsDecisionsAndPredictedAgainstMeasured()
    {
        const string name = "dz-designed";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1", "--state", "32MB", "--rate",
            "1000");
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            await DprgenWait.WritesAboveAsync(client, 1000, ct);

            var (run, result) = await LabFixture.MigrateAsync(name, "edge2", "--max-downtime", "10s",
                "--max-total", "60s");
            output.WriteLine(run.ToString());

            Assert.True(run.ExitCode == 0 && result.Success, run.ToString());
            Assert.True(result.Plan.Feasible, result.Plan.Why);
            Assert.Equal(result.Plan.Config.Strategy, result.Strategy);
            Assert.True(result.Plan.Predicted is { DowntimeMs: > 0, TotalMs: > 0, Bytes: > 30L << 20 },
                result.Plan.Predicted.ToString());
            Assert.True(result is { DowntimeMs: > 0, TotalMs: > 0, BytesSent: > 0 }, run.ToString());
            Assert.InRange(result.StateBytes, 30L << 20, 40L << 20);
            Assert.True(result.LinkBps > 0, "the plan measured no link");

            // The controller judges every pre-copy round; a cold move has none to judge.
            Assert.Equal(result.Rounds.Count, result.Decisions.Count);
            Assert.Equal(result.Strategy == "precopy", result.Decisions.Count > 0);
            var check = await client.CheckAsync(ct);
            Assert.True(check.Ok, check.Detail);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task PlanAndMigrate_WithAHardTargetNothingMeets_ExitOneNamingIt_AndTouchNothing()
    {
        const string name = "dz-hard";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("dprgen", name, "edge1", "--state", "16MB", "--rate",
            "100");
        try
        {
            await using var client = await DprgenClient.ConnectAsync(service, ct);
            var before = await client.SumAsync(ct);

            var plan = await LabFixture.RunAsync("plan", name, "--to", "edge2", "--max-downtime", "50ms",
                "--hard");
            Assert.True(plan.ExitCode == 1, plan.ToString());
            Assert.Contains("downtime of at most 50 ms is infeasible", plan.StdErrFlat);

            var (run, result) = await LabFixture.MigrateAsync(name, "edge2", "--max-downtime", "50ms",
                "--hard");
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Equal("plan", result.FailedPhase);
            Assert.Contains("downtime of at most 50 ms is infeasible", result.Error);
            Assert.False(result.Plan.Feasible);

            var status = await LabFixture.StatusAsync();
            Assert.Equal("edge1", status.Services.Single(s => s.Name == name).Host);
            var check = await client.CheckAsync(ct);
            Assert.True(check.Ok, check.Detail);
            Assert.True((await client.StatsAsync(ct)).Writes >= before.Writes, "dprgen's counters went back");
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }
}
