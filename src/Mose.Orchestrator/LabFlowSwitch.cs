using Mose.Network.Lab;

namespace Mose.Orchestrator;

/// <summary>The embedded lab's flow switch: the core router's /32 route for the service IP.</summary>
public sealed class LabFlowSwitch(LabTopology lab) : IFlowSwitch
{
    public Task RouteAsync(string address, string host, CancellationToken cancellationToken)
    {
        var labHost = LabTopology.Find(host)
            ?? throw new ArgumentException($"'{host}' is not a lab host", nameof(host));
        return lab.RouteServiceAsync(address, labHost, cancellationToken);
    }

    public Task UnrouteAsync(string address, CancellationToken cancellationToken) =>
        lab.UnrouteServiceAsync(address, cancellationToken);
}
