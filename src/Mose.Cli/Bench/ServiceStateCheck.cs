using Mose.Cli.Client;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Bench;

/// <summary>
/// Holds a connection from the client's namespace to a benchmarked service and checks its state after each
/// task: dprgen regenerates and compares every page (CHECK), redis keeps its loaded keys on the same
/// connection. sockperf has no state to check; the probe's kept connection stands for it.
/// </summary>
public sealed class ServiceStateCheck : IAsyncDisposable
{
    private readonly ServicePlacement _service;
    private DprgenClient? _dprgen;
    private StateCheck? _redis;

    private ServiceStateCheck(ServicePlacement service) => _service = service;

    /// <summary>Connects, and fills redis with about 50 MB of keys.</summary>
    public static async Task<ServiceStateCheck> OpenAsync(ServicePlacement service, Action<string> say,
        CancellationToken cancellationToken)
    {
        var check = new ServiceStateCheck(service);
        if (service.Kind == "dprgen")
        {
            check._dprgen = await DprgenClient.ConnectAsync(service, cancellationToken).ConfigureAwait(false);
            await check._dprgen.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (service.Kind == "redis")
        {
            const int keys = DesignerService.RedisKeys, bytes = DesignerService.RedisValueBytes;
            say($"loading {keys} keys of {bytes} bytes into redis");
            check._redis = new StateCheck(service, keys, bytes);
            await check._redis.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        return check;
    }

    /// <summary>What is wrong with the state now; empty when intact. <paramref name="everyKey"/> reads every
    /// redis key back (slow) instead of counting them.</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(bool everyKey, CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            return everyKey ? await _redis.VerifyAsync(cancellationToken).ConfigureAwait(false)
                : await _redis.VerifyCountAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_dprgen is null)
        {
            return [];
        }

        try
        {
            var check = await _dprgen.CheckAsync(cancellationToken).ConfigureAwait(false);
            return check.Ok ? [] : [$"dprgen CHECK: {check.Detail}"];
        }
        catch (IOException e)
        {
            // Check the state anyway over a new connection, so one lost connection does not hide a bad state.
            await _dprgen.DisposeAsync().ConfigureAwait(false);
            _dprgen = await DprgenClient.ConnectAsync(_service, cancellationToken).ConfigureAwait(false);
            var check = await _dprgen.CheckAsync(cancellationToken).ConfigureAwait(false);
            var lost = $"dprgen connection lost ({e.Message})";
            return check.Ok ? [lost] : [lost, $"dprgen CHECK: {check.Detail}"];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dprgen is not null)
        {
            await _dprgen.DisposeAsync().ConfigureAwait(false);
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }
}
