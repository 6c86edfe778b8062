using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

public sealed class MigrationPlanTests
{
    [Fact]
    public async Task Migrate_WithSeveralProblems_ListsThemAllWithoutCallingAnyAgent()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(service: "nginx", destination: "z", bandwidthBps: -1);

        Assert.False(result.Success);
        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("unknown service 'nginx'; known services: redis; unknown host 'z'; known hosts: a, b; "
            + "bandwidth -1 bit/s is out of range: use 0 (no cap) or at least 1 Mbit/s", result.Error);
        Assert.Empty(lab.Log.Calls);
        Assert.Empty(lab.Flows.Routes);
        Assert.Empty(result.Phases);
        Assert.False(result.RolledBack);
    }

    [Fact]
    public async Task Migrate_ToTheHostItRunsOn_FailsInPlan()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(destination: "a");

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("service 'redis' already runs on a", result.Error);
        Assert.Equal("a", result.RunningOn);
        Assert.Empty(lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_OfAServiceWhoseProcessIsGone_IsRefusedInThePlanBeforeTheDestinationIsTouched()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.ServiceState = "stopped";

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("service 'redis' on a is stopped, not running, so there is nothing to migrate; "
            + "`mose lab remove redis` and deploy it again", result.Error);
        Assert.DoesNotContain("b:Prepare", lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_OfAServiceItsHostNoLongerHolds_IsRefusedInThePlan()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Running.Clear();

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.StartsWith("a does not hold service 'redis'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_ToAnUnknownHost_StillNamesTheServicesSource()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(destination: "z");

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal(("a", "a"), (result.Source, result.RunningOn));
    }

    [Fact]
    public async Task Migrate_WithNegativeBandwidthOnly_FailsInPlanAndLeavesTheServiceAlone()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(bandwidthBps: -5);

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("bandwidth -5 bit/s is out of range: use 0 (no cap) or at least 1 Mbit/s", result.Error);
        Assert.Equal("a", lab.HostOnDisk());
        Assert.Empty(lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WithBandwidthTooLowToFinish_FailsInPlanWithoutFreezing()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(bandwidthBps: 1_000);

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("at least 1 Mbit/s", result.Error, StringComparison.Ordinal);
        Assert.Empty(lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WithEmptyRegistry_SaysToDeployFirst()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Registry.Remove("redis");

        var result = await lab.MigrateAsync();

        Assert.Equal("unknown service 'redis'; known services: none (deploy one first)", result.Error);
        Assert.Equal("", result.RunningOn);
        Assert.Empty(lab.Log.Calls);
    }
}
