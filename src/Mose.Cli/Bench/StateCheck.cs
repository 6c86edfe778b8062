using Mose.Cli.Client;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Bench;

/// <summary>Loads a redis service with known keys and checks them later, over one kept connection.</summary>
public sealed class StateCheck(ServicePlacement service, int keys, int valueBytes) : IAsyncDisposable
{
    private RespClient? _client;
    private long _clientId;

    /// <summary>Connects from `ue`, writes the keys and remembers the connection's server-side id.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        _client = await RespClient.ConnectAsync(LabServices.ClientNetns, LabServices.Address(service),
            service.Ports[0], cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < keys; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, keys - start))
                .Select(i => KeyValuePair.Create(Key(i), Value(i)));
            await _client.SetManyAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        _clientId = await _client.ClientIdAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks, over the same connection, that it is still the same server-side client and that every
    /// key holds its value. Returns the problems found.</summary>
    public Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken) =>
        CheckAsync(everyKey: true, cancellationToken);

    /// <summary>The quick check: the same connection and as many keys as were loaded, no key read.</summary>
    public Task<IReadOnlyList<string>> VerifyCountAsync(CancellationToken cancellationToken) =>
        CheckAsync(everyKey: false, cancellationToken);

    private async Task<IReadOnlyList<string>> CheckAsync(bool everyKey, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (_client is null)
        {
            return ["state was never loaded"];
        }

        try
        {
            var id = await _client.ClientIdAsync(cancellationToken).ConfigureAwait(false);
            if (id != _clientId)
            {
                problems.Add($"connection changed: client id {_clientId} became {id}");
            }

            var size = await _client.DbSizeAsync(cancellationToken).ConfigureAwait(false);
            if (size != keys)
            {
                problems.Add($"{keys} keys loaded, {size} found");
            }

            if (!everyKey)
            {
                return problems;
            }

            var wrong = 0;
            for (var i = 0; i < keys; i++)
            {
                if (await _client.GetAsync(Key(i), cancellationToken).ConfigureAwait(false) != Value(i))
                {
                    wrong++;
                }
            }

            if (wrong > 0)
            {
                problems.Add($"{wrong} of {keys} keys lost or changed");
            }
        }
        catch (IOException e)
        {
            problems.Add($"the loader's connection broke: {e.Message}");
        }

        return problems;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Key(int i) => $"key:{i:D6}";

    private string Value(int i) => $"{i:D6}-" + new string((char)('a' + i % 26), valueBytes);
}
