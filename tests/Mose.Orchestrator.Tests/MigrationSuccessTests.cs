using Mose.Contracts.Agent;
using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

public sealed class MigrationSuccessTests
{
    [Fact]
    public async Task Migrate_WithHealthyAgents_CallsEveryStepInOrder_ThenMeasuresTheLinkForTheModel()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync();

        Assert.Equal(
            ["b:Describe", "a:Describe", "a:ListServices", "b:Prepare", "a:SendState(bundle)", "a:Checkpoint",
             "a:SendState(final)", "b:Restore", "a:Release", "b:Describe", "a:MeasureLink"],
            lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_SucceedsAndRunsOnTheDestination()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync();

        Assert.True(result.Success);
        Assert.Equal("", result.FailedPhase);
        Assert.Equal("", result.Error);
        Assert.False(result.RolledBack);
        Assert.Equal(("redis", "a", "b", "b"),
            (result.Service, result.Source, result.Destination, result.RunningOn));
        Assert.Equal(12, result.MigrationId.Length);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_RoutesTheServiceIpToTheDestinationOnce()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync();

        Assert.Equal([(MigrationLab.ServiceIp, "b")], lab.Flows.Routes);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_RecordsTheNewHostInTheRegistryAndOnDisk()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync();

        Assert.Equal("b", lab.Registry.Find("redis")!.Host);
        Assert.Equal("b", lab.HostOnDisk());
        Assert.Equal(MigrationLab.ServiceIp, lab.Registry.Find("redis")!.Ip);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_TimesEveryPhase()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync();

        Assert.Equal(
            [MigrationExecutor.Checkpoint, MigrationExecutor.Commit, MigrationExecutor.Network,
             MigrationExecutor.Plan, MigrationExecutor.Prepare, MigrationExecutor.Restore, MigrationExecutor.Transfer],
            result.Phases.Select(p => p.Phase).Order(StringComparer.Ordinal));
        Assert.All(result.Phases, p => Assert.True(p.Ms >= 0));
        Assert.True(result.TotalMs >= result.Phases.Sum(p => p.Ms) - 1);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_AddsTheDowntimeOfCheckpointSwitchAndRestore()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync();

        var switchMs = Math.Max(Phase(result, MigrationExecutor.Network),
            Phase(result, MigrationExecutor.Transfer));
        Assert.Equal(FakeAgent.CheckpointElapsedMs + switchMs + FakeAgent.RestoreElapsedMs, result.DowntimeMs, 6);
        Assert.True(result.DowntimeMs >= FakeAgent.CheckpointElapsedMs + FakeAgent.RestoreElapsedMs);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_ReportsCriuTimesAndBytesOfBothSends()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync();

        Assert.Equal(FakeAgent.FrozenMs, result.CriuFrozenMs);
        Assert.Equal(FakeAgent.CriuRestoreMs, result.CriuRestoreMs);
        Assert.Equal(2 * FakeAgent.WireBytes, result.BytesSent);
        Assert.Equal(2 * FakeAgent.RawBytes, result.RawBytes);
    }

    [Fact]
    public async Task Migrate_WithBandwidth_SendsStateToTheDestinationsDataAddressAtThatRate()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(bandwidthBps: 200_000_000);

        var sends = lab.Source.Requests.OfType<SendStateRequest>().ToList();
        Assert.Equal(["bundle", "final"], sends.Select(s => s.Part));
        Assert.All(sends, s =>
        {
            Assert.Equal(lab.Destination.DataAddress, s.PeerAddress);
            Assert.Equal(200_000_000, s.BandwidthBps);
            Assert.Equal("redis", s.Name);
            Assert.Equal(result.MigrationId, s.MigrationId);
        });
    }

    [Fact]
    public async Task Migrate_PreparesTheDestinationWithTheServicesSpec()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync();

        var prepare = Assert.Single(lab.Destination.Requests.OfType<PrepareRequest>());
        Assert.Equal(result.MigrationId, prepare.MigrationId);
        Assert.Equal(("redis", "redis", MigrationLab.ServiceIp),
            (prepare.Spec.Name, prepare.Spec.Kind, prepare.Spec.Ip));
        Assert.Equal(MigrationLab.Redis.Args, prepare.Spec.Args);
        Assert.Equal(MigrationLab.Redis.Ports, prepare.Spec.Ports);
    }

    [Fact]
    public async Task Migrate_WithInjectedFault_HandsItToTheDestinationsRestore()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync(injectFault: "restore");

        Assert.Equal("restore", Assert.Single(lab.Destination.Requests.OfType<RestoreRequest>()).InjectFault);
    }

    [Fact]
    public async Task Migrate_WithHealthyAgents_AnnouncesEachPhaseBeforeRunningIt()
    {
        await using var lab = await MigrationLab.StartAsync();

        await lab.MigrateAsync();

        var phases = lab.Progress.Select(p => p.Phase).ToList();
        Assert.Equal([MigrationExecutor.Plan, MigrationExecutor.Prepare, MigrationExecutor.Checkpoint], phases.Take(3));
        Assert.Equal([MigrationExecutor.Restore, MigrationExecutor.Commit], phases.TakeLast(2));
        Assert.Contains(MigrationExecutor.Network, phases);
        Assert.Contains(MigrationExecutor.Transfer, phases);
        Assert.DoesNotContain("rollback", phases);
    }

    private static double Phase(Contracts.Orchestrator.MigrationResult result, string phase) =>
        result.Phases.Where(p => p.Phase == phase).Sum(p => p.Ms);
}
