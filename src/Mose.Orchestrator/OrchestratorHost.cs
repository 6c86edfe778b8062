using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mose.Core.Processes;
using Mose.Network;
using Mose.Network.Lab;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Registry;

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

        Directory.CreateDirectory(Path.GetDirectoryName(options.ControlSocket)!);
        File.Delete(options.ControlSocket);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.WebHost.ConfigureKestrel(k =>
            k.ListenUnixSocket(options.ControlSocket, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ServiceRegistry(options.StateRoot));
        builder.Services.AddSingleton<AgentDirectory>();
        builder.Services.AddSingleton<IFlowSwitch>(new LabFlowSwitch(new LabTopology(new IpTool(CommandRunner.Instance))));
        builder.Services.AddSingleton<MigrationExecutor>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MigrationGate>();
        builder.Services.AddSingleton<Design.LinkMeter>();
        builder.Services.AddSingleton(new Recovery.MigrationJournal(options.StateRoot));
        builder.Services.AddHostedService<Recovery.RecoveryService>();
        var app = builder.Build();
        app.MapGrpcService<OrchestratorGrpcService>();
        return app;
    }
}
