using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mose.Core.Processes;
using Mose.Network;
using Mose.Network.Lab;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator;

/// <summary>Builds the orchestrator's web host on its Unix socket.</summary>
public static class OrchestratorHost
{
    /// <summary>Creates the host; throws with every problem of the options at once.</summary>
    public static WebApplication Build(OrchestratorOptions options)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid orchestrator options: " + string.Join("; ", problems));
        }

        // Opened before anything listens: an unreadable store stops the start with a message naming the file.
        var store = OrchestratorStore.Open(options.StorePath);
        var registry = new ServiceRegistry(store);
        var journal = new MigrationJournal(store);
        var history = new MigrationHistory(store, TimeProvider.System);

        Directory.CreateDirectory(Path.GetDirectoryName(options.ControlSocket)!);
        File.Delete(options.ControlSocket);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.WebHost.ConfigureKestrel(k =>
            k.ListenUnixSocket(options.ControlSocket, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(journal);
        builder.Services.AddSingleton(history);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<AgentLog>();
        builder.Services.AddSingleton<AgentDirectory>();
        builder.Services.AddSingleton<IFlowSwitch>(new LabFlowSwitch(new LabTopology(new IpTool(CommandRunner.Instance))));
        builder.Services.AddSingleton<MigrationExecutor>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MigrationGate>();
        builder.Services.AddSingleton<Design.LinkMeter>();
        builder.Services.AddSingleton<Design.ModelBook>();
        builder.Services.AddSingleton<Design.PlanService>();
        builder.Services.AddHostedService<RecoveryService>();
        var app = builder.Build();
        StoreStartup.Run(options.StateRoot, registry, journal, history, app.Logger);
        app.MapGrpcService<OrchestratorGrpcService>();
        return app;
    }
}
