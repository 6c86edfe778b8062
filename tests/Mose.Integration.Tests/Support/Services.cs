using System.Net;
using Mose.Cli.Client;
using Mose.Contracts.Orchestrator;
using Mose.Probe;

namespace Mose.Integration.Tests.Support;

/// <summary>Client-side helpers: a probe from `ue` and a redis data set checked over one connection.</summary>
public static class Services
{
    /// <summary>The client namespace's name in the test lab.</summary>
    public static string ClientNetnsName => $"{LabFixture.Lab}-ue";

    /// <summary>Starts a probe of the service from `ue` and returns once its one connection carries requests
    /// (sockperf spends about two seconds on warm-up before it sends at its rate). The probe runs until
    /// <paramref name="stop"/> is cancelled.</summary>
    public static async Task<Task<ProbeReport>> StartProbeAsync(ServicePlacement service, CancellationToken stop)
    {
        var options = new ProbeOptions(service.Kind, IPAddress.Parse(service.Ip), service.Ports[0],
            TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(10), LabServices.ClientNetns);
        var probe = ProbeFactory.Create(service.Kind, TimeProvider.System).RunAsync(options, stop);

        // At 100 requests/s, 30 data segments sent means the measured part of the run is well under way.
        await Poll.UntilAsync($"the {service.Kind} probe sends requests", TimeSpan.FromSeconds(30), async () =>
        {
            if (probe.IsCompleted)
            {
                var report = await probe;
                throw new Xunit.Sdk.XunitException($"the probe ended before the migrations: {Describe(report)}");
            }

            var segments = await HostState.DataSegmentsOutAsync(ClientNetnsName, service.Ip, service.Ports[0]);
            return (segments.Any(s => s >= 30), $"data segments out per connection: [{string.Join(", ", segments)}]");
        });
        return probe;
    }

    /// <summary>A probe report for assertion messages.</summary>
    public static string Describe(ProbeReport r) =>
        $"{r.Kind}: {r.Requests} requests, {r.Errors} errors, {r.Resets} resets, kept={r.ConnectionKept}, " +
        $"longest gap {r.LongestGapMs:F0} ms, p99 {r.P99Ms:F2} ms, error: {r.Error ?? "none"}";
}

/// <summary>Known keys written to redis over one connection from `ue`, checked later over that same connection.</summary>
public sealed class RedisDataSet(ServicePlacement service, int keys) : IAsyncDisposable
{
    private RespClient? _client;

    /// <summary>The server's id of the loader's connection, taken right after loading.</summary>
    public long ClientId { get; private set; }

    public int Keys => keys;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        _client = await RespClient.ConnectAsync(LabServices.ClientNetns, IPAddress.Parse(service.Ip), service.Ports[0],
            cancellationToken);
        for (var start = 0; start < keys; start += 1000)
        {
            await _client.SetManyAsync(Enumerable.Range(start, Math.Min(1000, keys - start))
                .Select(i => KeyValuePair.Create(Key(i), Value(i))), cancellationToken);
        }

        ClientId = await _client.ClientIdAsync(cancellationToken);
        Assert.Equal(keys, await _client.DbSizeAsync(cancellationToken));
    }

    /// <summary>The same connection still reaches the same server-side client.</summary>
    public async Task AssertSameConnectionAsync(string when, CancellationToken cancellationToken)
    {
        var id = await Client.ClientIdAsync(cancellationToken);
        Assert.True(id == ClientId, $"{when}: CLIENT ID {ClientId} became {id}: the connection was not kept");
    }

    /// <summary>Same connection, DBSIZE and every value as loaded.</summary>
    public async Task AssertIntactAsync(string when, CancellationToken cancellationToken)
    {
        await AssertSameConnectionAsync(when, cancellationToken);
        Assert.Equal(keys, await Client.DbSizeAsync(cancellationToken));
        var wrong = new List<string>();
        for (var i = 0; i < keys; i++)
        {
            var value = await Client.GetAsync(Key(i), cancellationToken);
            if (value != Value(i) && wrong.Count < 5)
            {
                wrong.Add($"{Key(i)}={value ?? "(nil)"}");
            }
        }

        Assert.True(wrong.Count == 0, $"{when}: keys lost or changed, e.g. {string.Join(", ", wrong)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private RespClient Client => _client ?? throw new InvalidOperationException("LoadAsync first");

    private static string Key(int i) => $"itest:{i:D5}";

    private static string Value(int i) => $"{i:D5}:" + new string((char)('a' + i % 26), 100 + i % 57);
}
