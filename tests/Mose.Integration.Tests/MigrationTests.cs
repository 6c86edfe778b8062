using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>Live migrations on the real stack (runc, CRIU, namespaces), checked from the client's side.</summary>
[Collection(LabCollection.Name)]
public sealed class MigrationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Redis_MigratedThereAndBack_KeepsConnectionAndEveryKey()
    {
        const string name = "r-keep";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("redis", name);
        using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<Mose.Probe.ProbeReport>? probe = null;
        try
        {
            probe = await Services.StartProbeAsync(service, probeStop.Token);
            await using var data = new RedisDataSet(service, keys: 5000);
            await data.LoadAsync(ct);

            var there = await LabFixture.MigrateOkAsync(name, "edge2");
            output.WriteLine($"edge1 -> edge2: downtime {there.DowntimeMs:F0} ms, total {there.TotalMs:F0} ms");
            await data.AssertSameConnectionAsync("after edge1 -> edge2", ct);
            Assert.Equal("edge2", (await LabFixture.StatusAsync()).Services.Single(s => s.Name == name).Host);

            var back = await LabFixture.MigrateOkAsync(name, "edge1");
            output.WriteLine($"edge2 -> edge1: downtime {back.DowntimeMs:F0} ms, total {back.TotalMs:F0} ms");
            await data.AssertIntactAsync("after edge1 -> edge2 -> edge1", ct);

            await probeStop.CancelAsync();
            var report = await probe;
            output.WriteLine(Services.Describe(report));
            Assert.True(report.ConnectionKept && report.Resets == 0, Services.Describe(report));
            Assert.True(report.Requests > 50, Services.Describe(report));
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
    public async Task Redis_RestoreFailsOnDestination_KeepsServingOnSourceWithKeysAndConnection()
    {
        const string name = "r-fault";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var ct = timeout.Token;
        var service = await LabFixture.DeployAsync("redis", name);
        try
        {
            await using var data = new RedisDataSet(service, keys: 2000);
            await data.LoadAsync(ct);

            var (run, result) = await LabFixture.MigrateAsync(name, "edge2", "--inject-fault", "restore");
            output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 2, $"expected exit code 2 (rolled back): {run}");
            Assert.False(result.Success);
            Assert.Equal("restore", result.FailedPhase);
            Assert.True(result.RolledBack, run.ToString());
            Assert.Equal("edge1", result.RunningOn);
            Assert.Contains("restore", result.Error, StringComparison.OrdinalIgnoreCase);

            await data.AssertIntactAsync("after the failed migration", ct);

            // A restore that CRIU cannot do must fail fast and say why, and the destination must keep nothing:
            // no workspace mounts (CRIU's cgroup yard, runc's criu-root) left under its data folder.
            var restore = result.Phases.SingleOrDefault(p => p.Phase == "restore")?.Ms ?? 0;
            Assert.True(restore < 30_000, $"the failed restore took {restore / 1000:F0} s (a hang until a " +
                $"timeout, not a fast failure); error: '{result.Error}'");
            Assert.False(result.Error.StartsWith(" (rollback", StringComparison.Ordinal),
                $"the error does not say why the restore failed: '{result.Error}'");
            var leaked = HostState.MountsUnder($"{HostState.StateDir(LabFixture.Lab)}/hosts/edge2");
            Assert.True(leaked.Count == 0, $"mounts left on edge2 after the rollback: {string.Join(", ", leaked)}");

            var status = await LabFixture.StatusAsync();
            var placement = status.Services.Single(s => s.Name == name);
            Assert.Equal("edge1", placement.Host);
            Assert.Equal("running", placement.State);

            var namespaces = await HostState.NamespacesAsync();
            Assert.Contains($"{LabFixture.Lab}-edge1-{name}", namespaces);
            Assert.DoesNotContain($"{LabFixture.Lab}-edge2-{name}", namespaces);

            await LabFixture.MigrateOkAsync(name, "edge2");
            await data.AssertIntactAsync("after the later successful migration", ct);
            namespaces = await HostState.NamespacesAsync();
            Assert.Contains($"{LabFixture.Lab}-edge2-{name}", namespaces);
            Assert.DoesNotContain($"{LabFixture.Lab}-edge1-{name}", namespaces);
            Assert.Equal("edge2", (await LabFixture.StatusAsync()).Services.Single(s => s.Name == name).Host);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Sockperf_MigratedWithClientConnected_KeepsConnection()
    {
        const string name = "sp-keep";
        using var timeout = new CancellationTokenSource(TestTimeout);
        var service = await LabFixture.DeployAsync("sockperf", name);
        using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        Task<Mose.Probe.ProbeReport>? probe = null;
        try
        {
            probe = await Services.StartProbeAsync(service, probeStop.Token);
            var there = await LabFixture.MigrateOkAsync(name, "edge2");
            output.WriteLine($"edge1 -> edge2: downtime {there.DowntimeMs:F0} ms, total {there.TotalMs:F0} ms");
            await WaitProbeFlowsAsync(service);
            var back = await LabFixture.MigrateOkAsync(name, "edge1");
            output.WriteLine($"edge2 -> edge1: downtime {back.DowntimeMs:F0} ms, total {back.TotalMs:F0} ms");
            await WaitProbeFlowsAsync(service);

            await probeStop.CancelAsync();
            var report = await probe;
            output.WriteLine(Services.Describe(report));
            Assert.True(report.ConnectionKept && report.Resets == 0, Services.Describe(report));
            Assert.True(report.Requests > 50, Services.Describe(report));
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

    // After a move the client's one connection must carry traffic again: its count of data segments grows.
    private static async Task WaitProbeFlowsAsync(Mose.Contracts.Orchestrator.ServicePlacement service)
    {
        var before = (await HostState.DataSegmentsOutAsync(Services.ClientNetnsName, service.Ip, service.Ports[0]))
            .DefaultIfEmpty(0).Max();
        await Poll.UntilAsync("the probe's connection carries traffic after the move", TimeSpan.FromSeconds(20),
            async () =>
            {
                var now = await HostState.DataSegmentsOutAsync(Services.ClientNetnsName, service.Ip, service.Ports[0]);
                return (now.Count == 1 && now[0] >= before + 20,
                    $"before {before}, now [{string.Join(", ", now)}]");
            });
    }
}
