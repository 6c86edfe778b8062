using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Mose.Contracts;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Store;
using OrchestratorClient = Mose.Contracts.Orchestrator.Orchestrator.OrchestratorClient;

namespace Mose.Orchestrator.Tests.Store;

/// <summary>The real orchestrator host over its Unix socket, with one fake agent: what it does with its store
/// at start and what its History, Model and Status calls read and write.</summary>
public sealed class OrchestratorHostStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication? _agent;
    private WebApplication? _host;

    private string StateRoot => _dir.Combine("state");

    public async Task InitializeAsync() =>
        _agent = await AgentServer.StartAsync(new FakeAgent("a", new CallLog()), _dir.Combine("a.sock"));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Start_WithLegacyStateAndALostRunningRecord_ImportsOneAndMarksTheOtherInterrupted()
    {
        Directory.CreateDirectory(StateRoot);
        await File.WriteAllTextAsync(Path.Join(StateRoot, "services.json"), """
            [{ "Name": "redis", "Kind": "redis", "Ip": "10.200.0.10", "Ports": [6379], "Args": [],
               "Host": "a" }]
            """);
        using (var store = OrchestratorStore.Open(Path.Join(StateRoot, "mose.db")))
        {
            new MigrationHistory(store, TimeProvider.System).Begin("lost",
                new MigrateRequest { Service = "redis", Destination = "b" }, "a", plan: null);
        }

        var client = await StartAsync();

        var history = await client.HistoryAsync(new HistoryRequest());
        Assert.Equal(MigrationStatus.Interrupted, Assert.Single(history.Migrations).Status);
        var status = await client.StatusAsync(new StatusRequest());
        Assert.Equal(("redis", "a"), (Assert.Single(status.Services).Name, status.Services[0].Host));
        Assert.True(File.Exists(Path.Join(StateRoot, "services.json.imported")));
    }

    [Fact]
    public async Task Status_RecordsEachAgentThatAnsweredInTheStore()
    {
        var client = await StartAsync();

        await client.StatusAsync(new StatusRequest());

        using var store = OrchestratorStore.Open(Path.Join(StateRoot, "mose.db"));
        var agent = Assert.Single(new AgentLog(store, TimeProvider.System).All());
        Assert.Equal(("a", $"unix:{_dir.Combine("a.sock")}"), (agent.Name, agent.Address));
        Assert.Contains("\"reachable\": true", agent.InfoJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryAndModel_WithBadInput_AreRejectedAsInvalidArguments()
    {
        var client = await StartAsync();

        var limit = await Assert.ThrowsAsync<RpcException>(() =>
            client.HistoryAsync(new HistoryRequest { Limit = -1 }).ResponseAsync);
        var host = await Assert.ThrowsAsync<RpcException>(() =>
            client.ModelAsync(new ModelRequest { Host = "zz" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, limit.StatusCode);
        Assert.Contains("out of range", limit.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, host.StatusCode);
        Assert.Contains("known hosts: a", host.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_ReturnsTheConstantsTheStoreHolds()
    {
        Directory.CreateDirectory(StateRoot);
        using (var store = OrchestratorStore.Open(Path.Join(StateRoot, "mose.db")))
        {
            new ModelStore(store).SaveConstants("a", """{"freeze_ms":90}""", 4, DateTimeOffset.UnixEpoch);
        }

        var client = await StartAsync();

        var model = Assert.Single((await client.ModelAsync(new ModelRequest())).Hosts);
        Assert.Equal(("a", """{"freeze_ms":90}""", 4), (model.Host, model.ConstantsJson, model.Samples));
    }

    private async Task<OrchestratorClient> StartAsync()
    {
        _host = OrchestratorHost.Build(new OrchestratorOptions
        {
            ControlSocket = _dir.Combine("o.sock"), StateRoot = StateRoot,
            Agents = new Dictionary<string, string> { ["a"] = $"unix:{_dir.Combine("a.sock")}" },
        });
        await _host.StartAsync();
        return new OrchestratorClient(Channels.Create($"unix:{_dir.Combine("o.sock")}"));
    }
}
