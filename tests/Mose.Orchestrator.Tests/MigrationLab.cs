using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Design;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests;

/// <summary>
/// Two fake agents, "a" and "b", behind real gRPC on Unix sockets, a registry with redis on "a", a
/// recording flow switch and the executor under test.
/// </summary>
internal sealed class MigrationLab : IAsyncDisposable
{
    public const string ServiceIp = "10.200.0.10";

    private readonly List<WebApplication> _servers = [];
    private readonly List<(string Phase, string Message)> _progress = [];

    private MigrationLab(TempDirectory dir)
    {
        Dir = dir;
        Source = new FakeAgent("a", Log);
        Destination = new FakeAgent("b", Log);
    }

    public TempDirectory Dir { get; }

    public CallLog Log { get; } = new();

    public FakeAgent Source { get; }

    public FakeAgent Destination { get; }

    public RecordingFlowSwitch Flows { get; } = new();

    public OrchestratorStore Store { get; private set; } = null!;

    public ServiceRegistry Registry { get; private set; } = null!;

    public MigrationHistory History { get; private set; } = null!;

    public MigrationExecutor Executor { get; private set; } = null!;

    public Recovery.MigrationJournal Journal { get; private set; } = null!;

    public AgentDirectory Agents { get; private set; } = null!;

    public ModelBook Models { get; private set; } = null!;

    public LinkMeter Links { get; private set; } = null!;

    public PlanService Plans { get; private set; } = null!;

    public string StateRoot => Dir.Combine("state");

    public string StorePath => Path.Join(StateRoot, "mose.db");

    public IReadOnlyList<(string Phase, string Message)> Progress
    {
        get
        {
            lock (_progress)
            {
                return [.. _progress];
            }
        }
    }

    public static Placement Redis { get; } = new("redis", "redis", ServiceIp, [6379],
        ["/usr/bin/redis-server", "--save", ""], "a");

    /// <summary>Starts the lab; <paramref name="destinationAddress"/> replaces b's real socket when set.</summary>
    public static async Task<MigrationLab> StartAsync(string? destinationAddress = null)
    {
        var lab = new MigrationLab(new TempDirectory());
        lab._servers.Add(await AgentServer.StartAsync(lab.Source, lab.Dir.Combine("a.sock")));
        lab._servers.Add(await AgentServer.StartAsync(lab.Destination, lab.Dir.Combine("b.sock")));
        lab.Store = OrchestratorStore.Open(lab.StorePath);
        lab.Registry = new ServiceRegistry(lab.Store);
        lab.Registry.Put(Redis);
        lab.Source.Running.Add(Redis.Name);
        var options = new OrchestratorOptions
        {
            ControlSocket = lab.Dir.Combine("orchestrator.sock"),
            StateRoot = lab.StateRoot,
            Agents = new Dictionary<string, string>
            {
                ["a"] = $"unix:{lab.Dir.Combine("a.sock")}",
                ["b"] = destinationAddress ?? $"unix:{lab.Dir.Combine("b.sock")}",
            },
            CallTimeout = TimeSpan.FromSeconds(20),
        };
        lab.Journal = new Recovery.MigrationJournal(lab.Store);
        lab.History = new MigrationHistory(lab.Store, TimeProvider.System);
        lab.Agents = new AgentDirectory(options);
        lab.Models = new ModelBook(new ModelStore(lab.Store), TimeProvider.System, NullLogger<ModelBook>.Instance);
        lab.Links = new LinkMeter(lab.Agents, TimeProvider.System);
        lab.Plans = new PlanService(lab.Agents, lab.Registry, lab.Links, lab.Models, lab.History, lab.Journal,
            TimeProvider.System);
        lab.Executor = new MigrationExecutor(new AgentDirectory(options), lab.Registry, lab.Flows, options,
            lab.Journal, lab.History, lab.Plans, lab.Models, lab.Links, TimeProvider.System,
            NullLogger<MigrationExecutor>.Instance);
        return lab;
    }

    public Task<MigrationResult> MigrateAsync(string service = "redis", string destination = "b",
        long bandwidthBps = 0, string injectFault = "") =>
        Executor.MigrateAsync(new MigrateRequest
        {
            Service = service, Destination = destination, BandwidthBps = bandwidthBps, InjectFault = injectFault,
        }, OnProgress, CancellationToken.None);

    /// <summary>Migrates redis to "b" with a request the test shapes.</summary>
    public Task<MigrationResult> MigrateAsync(Action<MigrateRequest> shape)
    {
        var request = new MigrateRequest { Service = "redis", Destination = "b" };
        shape(request);
        return Executor.MigrateAsync(request, OnProgress, CancellationToken.None);
    }

    /// <summary>Where a fresh registry, read back from disk, says the service runs.</summary>
    public string? HostOnDisk(string service = "redis")
    {
        using var store = OrchestratorStore.Open(StorePath);
        return new ServiceRegistry(store).Find(service)?.Host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        Store?.Dispose();
        Dir.Dispose();
    }

    private void OnProgress(string phase, string message)
    {
        lock (_progress)
        {
            _progress.Add((phase, message));
        }
    }
}
