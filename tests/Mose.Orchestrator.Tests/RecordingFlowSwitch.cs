namespace Mose.Orchestrator.Tests;

/// <summary>A flow switch that remembers every route it set and can refuse routes to one host.</summary>
internal sealed class RecordingFlowSwitch : IFlowSwitch
{
    private readonly List<(string Address, string Host)> _routes = [];

    /// <summary>Routing to this host throws.</summary>
    public string? FailRoutingTo { get; set; }

    public IReadOnlyList<(string Address, string Host)> Routes
    {
        get
        {
            lock (_routes)
            {
                return [.. _routes];
            }
        }
    }

    public Task RouteAsync(string address, string host, CancellationToken cancellationToken)
    {
        if (host == FailRoutingTo)
        {
            throw new InvalidOperationException($"core router refused the route to {host}");
        }

        lock (_routes)
        {
            _routes.Add((address, host));
        }

        return Task.CompletedTask;
    }

    // No unit test removes services; the lab's removal is tested on the real core router.
    public Task UnrouteAsync(string address, CancellationToken cancellationToken) => Task.CompletedTask;
}
