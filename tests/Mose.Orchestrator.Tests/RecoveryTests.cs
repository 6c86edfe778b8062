using Microsoft.Extensions.Logging.Abstractions;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests;

public sealed class RecoveryTests
{
    [Fact]
    public async Task Resolve_WhenTheDestinationRunsTheService_CompletesTheMove()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Running.Add("redis");
        var entry = Interrupted(lab);

        await Recovery(lab).ResolveAsync(entry, CancellationToken.None);

        Assert.Equal("b", lab.Registry.Find("redis")!.Host);
        Assert.Equal((MigrationLab.ServiceIp, "b"), lab.Flows.Routes[^1]);
        Assert.Contains("a:Release", lab.Log.Calls);
        Assert.Empty(lab.Journal.Pending());
    }

    [Fact]
    public async Task Resolve_WhenTheDestinationDoesNotRunIt_UndoesTheMoveOnTheSource()
    {
        await using var lab = await MigrationLab.StartAsync();
        var entry = Interrupted(lab);

        await Recovery(lab).ResolveAsync(entry, CancellationToken.None);

        Assert.Equal("a", lab.Registry.Find("redis")!.Host);
        Assert.Equal((MigrationLab.ServiceIp, "a"), lab.Flows.Routes[^1]);
        Assert.Equal(["b:ListServices", "b:Abort", "a:Resume"], lab.Log.Calls);
        Assert.Empty(lab.Journal.Pending());
    }

    [Fact]
    public async Task Resolve_WhenTheSourceCannotResume_KeepsTheEntryForTheNextRound()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Failures["Resume"] = "agent restarting";
        var entry = Interrupted(lab);

        await Recovery(lab).ResolveAsync(entry, CancellationToken.None);

        Assert.Single(lab.Journal.Pending());
    }

    [Fact]
    public async Task Resolve_AfterARestartBeforeTheRestore_RecordsTheUndoAndSaysWhatHappened()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.History.Begin("m1", new() { Service = "redis", Destination = "b" }, "a", plan: null);
        var entry = Interrupted(lab);

        await Recovery(lab).ResolveAsync(entry, CancellationToken.None);

        var record = lab.History.Find("m1")!;
        Assert.Equal(MigrationStatus.RecoveredUndone, record.Status);
        Assert.Contains("orchestrator restarted during the migration", record.Note, StringComparison.Ordinal);
        Assert.Contains("resumed on a", record.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_AfterARestartPastTheCommitPoint_RecordsTheCompletedMove()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Running.Add("redis");
        lab.History.Begin("m1", new() { Service = "redis", Destination = "b" }, "a", plan: null);
        var entry = Interrupted(lab);

        await Recovery(lab).ResolveAsync(entry, CancellationToken.None);

        var record = lab.History.Find("m1")!;
        Assert.Equal(MigrationStatus.RecoveredCompleted, record.Status);
        Assert.Contains("b had already restored the service", record.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_AfterARollbackThatCouldNotResume_RecordsTheUndoOfTheFailedMigration()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Destination.Failures["Restore"] = "bad image";
        lab.Source.Failures["Resume"] = "agent busy";
        var result = await lab.MigrateAsync();
        lab.Source.Failures.Clear();

        await Recovery(lab).ResolveAsync(Assert.Single(lab.Journal.Pending()), CancellationToken.None);

        var record = lab.History.Find(result.MigrationId)!;
        Assert.Equal(MigrationStatus.RecoveredUndone, record.Status);
        Assert.Contains("rollback could not reach every host", record.Note, StringComparison.Ordinal);
        Assert.Equal("bad image", record.Result.Error.Split(" (rollback")[0]);
    }

    [Fact]
    public async Task Resolve_WhileAHostStillDoesNotAnswer_LeavesTheRecordAsItWas()
    {
        await using var lab = await MigrationLab.StartAsync();
        lab.Source.Failures["Resume"] = "agent restarting";
        lab.History.Begin("m1", new() { Service = "redis", Destination = "b" }, "a", plan: null);
        var entry = Interrupted(lab);

        await Recovery(lab).ResolveAsync(entry, CancellationToken.None);

        Assert.Equal(MigrationStatus.Running, lab.History.Find("m1")!.Status);
    }

    private static InFlight Interrupted(MigrationLab lab)
    {
        var entry = new InFlight("m1", "redis", MigrationLab.ServiceIp, "a", "b");
        lab.Journal.Begin(entry);
        return entry;
    }

    internal static RecoveryService Recovery(MigrationLab lab) =>
        new(lab.Journal, new MigrationGate(), lab.Agents, lab.Registry, lab.Flows, lab.History,
            TimeProvider.System, NullLogger<RecoveryService>.Instance);
}
