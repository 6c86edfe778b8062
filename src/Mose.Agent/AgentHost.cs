using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mose.Core.Processes;
using Mose.Network;
using Mose.Runtime;
using Mose.Runtime.Probe;
using Mose.Runtime.Runc;
using Mose.Agent.PreCopy;
using Mose.Runtime.Memory;
using Mose.Transfer;
using Mose.Transfer.Chunks;

namespace Mose.Agent;

/// <summary>Builds the agent's web host: control API on a Unix socket, state stream on TCP.</summary>
public static class AgentHost
{
    /// <summary>Creates the host; the caller runs it. Throws with every problem of the options at once.</summary>
    public static WebApplication Build(AgentOptions options)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid agent options: " + string.Join("; ", problems));
        }

        Directory.CreateDirectory(options.DataRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(options.ControlSocket)!);
        File.Delete(options.ControlSocket);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenUnixSocket(options.ControlSocket, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(IPEndPoint.Parse(options.DataAddress), l => l.Protocols = HttpProtocols.Http2);
            k.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
        });
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 64 * 1024 * 1024;
            o.EnableDetailedErrors = true;
        });

        var runner = CommandRunner.Instance;
        var ip = new IpTool(runner);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ICommandRunner>(runner);
        builder.Services.AddSingleton<IContainerRuntime>(new RuncRuntime(
            new RuncOptions
            {
                StateRoot = RuncOptions.StateRootUnder(options.DataRoot),
                CriuConfigFile = CriuConfig.Write(options.DataRoot),
            }, runner));
        builder.Services.AddSingleton(new ServiceNetwork(ip, options.NetnsPrefix));
        builder.Services.AddSingleton(new TcpLock(ip));
        builder.Services.AddSingleton(new HostProber(runner, Core.MosePaths.Criu, "runc", options.DataRoot));
        builder.Services.AddSingleton<HostCapabilities>();
        builder.Services.AddSingleton<ServiceEngine>();
        builder.Services.AddSingleton(new StateReceiver((name, _) => new Services.ServiceWorkspace(
            options.DataRoot, name).Root));
        builder.Services.AddSingleton<StateSender>();
        builder.Services.AddSingleton(sp => new ChunkStore(
            new ChunkStoreOptions { Directory = Path.Combine(options.DataRoot, "chunks"), MaxBytes = options.ChunkStoreBytes },
            sp.GetRequiredService<ILogger<ChunkStore>>()));
        builder.Services.AddSingleton(sp => new ChunkReceiver(sp.GetRequiredService<ChunkStore>(),
            name => new Services.ServiceWorkspace(options.DataRoot, name).Images,
            name => new Services.ServiceWorkspace(options.DataRoot, name).Drafts,
            sp.GetRequiredService<ILogger<ChunkReceiver>>()));
        builder.Services.AddSingleton(new LiveMemoryReader());
        builder.Services.AddSingleton<PreCopySource>();
        builder.Services.AddSingleton<Link.BandwidthProbe>();

        var app = builder.Build();
        app.MapGrpcService<AgentGrpcService>();
        return app;
    }
}
