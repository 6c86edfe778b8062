using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

public sealed class MigrationRollbackTests
{
    /// <summary>Where to fail, the phase the result should name, and whether the route had moved.</summary>
    public static TheoryData<string, string, string, bool> Failures => new()
    {
        { "b", "Prepare", MigrationExecutor.Prepare, false },
        { "a", "SendState(bundle)", MigrationExecutor.Prepare, false },
        { "a", "Checkpoint", MigrationExecutor.Checkpoint, false },
        { "a", "SendState(final)", MigrationExecutor.Transfer, true },
        { "b", "Restore", MigrationExecutor.Restore, true },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Migrate_WhenAStepFails_NamesThePhaseAndPassesOnTheAgentsDetail(string host, string call,
        string phase, bool _)
    {
        await using var lab = await MigrationLab.StartAsync();
        Agent(lab, host).Failures[call] = $"{call} broke on {host}";

        var result = await lab.MigrateAsync();

        Assert.False(result.Success);
        Assert.Equal(phase, result.FailedPhase);
        Assert.Equal($"{call} broke on {host}", result.Error);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Migrate_WhenAStepFails_AbortsTheDestinationThenResumesTheSource(string host, string call,
        string phase, bool _)
    {
        await using var lab = await MigrationLab.StartAsync();
        Agent(lab, host).Failures[call] = "broken";

        var result = await lab.MigrateAsync();

        Assert.Equal(phase, result.FailedPhase);
        var calls = lab.Log.Calls;
        Assert.Equal($"{host}:{call}", calls[^3]);
        Assert.Equal(["b:Abort", "a:Resume"], calls.TakeLast(2));
        Assert.DoesNotContain("a:Release", calls);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Migrate_WhenAStepFails_LeavesTheRouteOnTheSource(string host, string call, string phase,
        bool routeMoved)
    {
        await using var lab = await MigrationLab.StartAsync();
        Agent(lab, host).Failures[call] = "broken";

        var result = await lab.MigrateAsync();

        Assert.Equal(phase, result.FailedPhase);
        (string, string)[] expected = routeMoved
            ? [(MigrationLab.ServiceIp, "b"), (MigrationLab.ServiceIp, "a")]
            : [];
        Assert.Equal(expected, lab.Flows.Routes);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Migrate_WhenAStepFails_RollsBackAndKeepsTheServiceOnTheSource(string host, string call,
        string phase, bool _)
    {
        await using var lab = await MigrationLab.StartAsync();
        Agent(lab, host).Failures[call] = "broken";

        var result = await lab.MigrateAsync();

        Assert.True(result.RolledBack, $"{phase} failure was not rolled back: {result.Error}");
        Assert.Equal("a", result.RunningOn);
        Assert.Equal("a", lab.Registry.Find("redis")!.Host);
        Assert.Equal("a", lab.HostOnDisk());
        Assert.Contains("rollback", lab.Progress.Select(p => p.Phase));
    }

    [Fact]
    public async Task Migrate_ToDestinationWithoutTcpRepair_IsRefusedInThePlanWithoutTouchingEitherHost()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.TcpEstablished = false;

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("b cannot restore TCP connections (CRIU 4.2.1); see mose doctor", result.Error);
        Assert.Equal(["b:Describe", "a:Describe", "a:ListServices"], lab.Log.Calls);
        Assert.Equal("a", result.RunningOn);
    }

    [Fact]
    public async Task Migrate_ToIncompatibleDestination_ListsEveryProblemBeforeFreezingAnything()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.TcpEstablished = false;
        lab.Source.CpuFlags = ["sse4_2", "avx2"];
        lab.Destination.CpuFlags = ["sse4_2"];

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Equal("b cannot restore TCP connections (CRIU 4.2.1); see mose doctor; "
            + "b lacks CPU features of a: avx2", result.Error);
        Assert.Equal(["b:Describe", "a:Describe", "a:ListServices"], lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_WhenTheRouteCannotMove_FailsInNetworkAndRollsBack()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Flows.FailRoutingTo = "b";

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Network, result.FailedPhase);
        Assert.Equal("core router refused the route to b", result.Error);
        Assert.Empty(lab.Flows.Routes);
        Assert.Equal(["b:Abort", "a:Resume"], lab.Log.Calls.TakeLast(2));
        Assert.True(result.RolledBack);
        Assert.Equal("a", lab.HostOnDisk());
    }

    [Fact]
    public async Task Migrate_ToUnreachableDestination_FailsInThePlanAndKeepsTheServiceOnTheSource()
    {
        await using var lab = await MigrationLab.StartAsync(destinationAddress: "unix:/nonexistent/mose-b.sock");

        var result = await lab.MigrateAsync();

        Assert.Equal(MigrationExecutor.Plan, result.FailedPhase);
        Assert.Contains("the agent of b does not answer", result.Error, StringComparison.Ordinal);
        Assert.Empty(lab.Log.Calls);
        Assert.Equal("a", result.RunningOn);
        Assert.Equal("a", lab.HostOnDisk());
    }

    [Fact]
    public async Task Migrate_WhenTheSourceCannotResume_ReportsAnIncompleteRollback()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "restore failed: bad image";
        lab.Source.Failures["Resume"] = "container redis is gone";

        var result = await lab.MigrateAsync();

        Assert.False(result.RolledBack);
        Assert.Equal(MigrationExecutor.Restore, result.FailedPhase);
        Assert.Equal("restore failed: bad image (rollback: container redis is gone)", result.Error);
        Assert.Equal("", result.RunningOn);
    }

    [Fact]
    public async Task Migrate_WhenTheRouteCannotMoveBack_ReportsAnIncompleteRollback()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "restore failed: bad image";
        lab.Flows.FailRoutingTo = "a";

        var result = await lab.MigrateAsync();

        Assert.False(result.RolledBack);
        Assert.Contains("(rollback: core router refused the route to a)", result.Error, StringComparison.Ordinal);
        Assert.Equal([(MigrationLab.ServiceIp, "b")], lab.Flows.Routes);
        Assert.Equal(["b:Abort", "a:Resume"], lab.Log.Calls.TakeLast(2));
    }

    [Fact]
    public async Task Migrate_WhenOnlyTheAbortFails_StillCountsAsRolledBackAndSaysWhy()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "restore failed: bad image";
        lab.Destination.Failures["Abort"] = "netns busy";

        var result = await lab.MigrateAsync();

        Assert.True(result.RolledBack);
        Assert.Equal("a", result.RunningOn);
        Assert.Equal("restore failed: bad image (rollback: netns busy)", result.Error);
    }

    [Fact]
    public async Task Migrate_WhenReleaseFailsAfterTheCommitPoint_StillReportsSuccessOnTheDestination()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Failures["Release"] = "cannot delete checkpoint";

        var result = await lab.MigrateAsync();

        Assert.True(result.Success);
        Assert.Equal("b", result.RunningOn);
        Assert.Equal("b", lab.HostOnDisk());
    }

    private static FakeAgent Agent(MigrationLab lab, string host) => host == "a" ? lab.Source : lab.Destination;

    [Fact]
    public async Task Migrate_WhenRollbackCannotResumeTheSource_LeavesTheMigrationInTheJournalForRecovery()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "bad image";
        lab.Source.Failures["Resume"] = "agent busy";

        var result = await lab.MigrateAsync();

        Assert.False(result.RolledBack);
        var pending = Assert.Single(lab.Journal.Pending());
        Assert.Equal(("redis", "a", "b"), (pending.Service, pending.Source, pending.Destination));
    }

    [Fact]
    public async Task Migrate_AfterACleanRollback_LeavesNothingInTheJournal()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "bad image";

        var result = await lab.MigrateAsync();

        Assert.True(result.RolledBack);
        Assert.Empty(lab.Journal.Pending());
    }
}
