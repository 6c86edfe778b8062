using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mose.Orchestrator.Tests;

/// <summary>A fake agent served by Kestrel on a Unix socket, as the real agents are.</summary>
internal static class AgentServer
{
    public static async Task<WebApplication> StartAsync(FakeAgent agent, string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ListenUnixSocket(socketPath, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(agent);
        var app = builder.Build();
        app.MapGrpcService<FakeAgent>();
        await app.StartAsync();
        return app;
    }
}
