using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Agent;

namespace Mose.Transfer.Tests;

public sealed class GrpcEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _src = new();
    private readonly TempDirectory _dst = new();
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0,
            listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new StateReceiver((name, id) => _dst.Combine($"{name}/{id}")));
        _app = builder.Build();
        _app.MapGrpcService<ReceivingAgent>();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First();
        _channel = GrpcChannel.ForAddress(address);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _src.Dispose();
        _dst.Dispose();
    }

    [Fact]
    public async Task SendAsync_ThroughGrpcServer_TransfersThenSkipsUnchangedFiles()
    {
        var pages = TestData.Repetitive((3 * ChunkWriter.MaxChunkBytes) + 17);
        _src.Write("images/pages-1.img", pages);
        _src.Write("images/core-1.img", TestData.Random(4096));
        _src.Write("bundle/config.json", TestData.Repetitive(300));
        var peer = new Agent.AgentClient(_channel!);
        var sender = new StateSender(TimeProvider.System);

        string[] include = ["bundle", "images"];

        var first = await sender.SendAsync(peer, "redis", "m-7", "final", _src.Path, include, 0,
            CancellationToken.None);
        var second = await sender.SendAsync(peer, "redis", "m-7", "final", _src.Path, include, 0,
            CancellationToken.None);

        Assert.Equal(3, first.Files);
        Assert.Equal(0, first.SkippedFiles);
        Assert.Equal(pages.Length + 4096 + 300, first.RawBytes);
        Assert.True(first.WireBytes < first.RawBytes / 2);
        Assert.Equal(pages, File.ReadAllBytes(_dst.Combine("redis/m-7/images/pages-1.img")));
        Assert.Equal(new SendStateResult(0, 0, 0, 3, second.Elapsed), second);
    }

    [Fact]
    public async Task SendAsync_WithBandwidthLimit_WaitsOnTheTimeProviderBeforeSending()
    {
        _src.Write("images/pages-1.img", TestData.Random(5000));
        var time = new TimerSignalingTimeProvider();
        var sender = new StateSender(time);

        var send = sender.SendAsync(new Agent.AgentClient(_channel!), "redis", "m-8", "final", _src.Path,
            ["images"], bandwidthBps: 1000, CancellationToken.None);
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
        var arrivedEarly = File.Exists(_dst.Combine("redis/m-8/images/pages-1.img"));
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await send;

        Assert.False(arrivedEarly);
        Assert.Equal(5000, result.WireBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Elapsed);
        Assert.True(File.Exists(_dst.Combine("redis/m-8/images/pages-1.img")));
    }
}
