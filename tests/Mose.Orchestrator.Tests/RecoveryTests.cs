using Microsoft.Extensions.Logging.Abstractions;
using Mose.Orchestrator.Recovery;

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

    private static InFlight Interrupted(MigrationLab lab)
    {
        var entry = new InFlight("m1", "redis", MigrationLab.ServiceIp, "a", "b");
        lab.Journal.Begin(entry);
        return entry;
    }

    private static RecoveryService Recovery(MigrationLab lab) =>
        new(lab.Journal, new MigrationGate(), lab.Agents, lab.Registry, lab.Flows, lab.History, TimeProvider.System,
            NullLogger<RecoveryService>.Instance);
}
