namespace Mose.Orchestrator;

/// <summary>Moves the network "flow" of a service IP to a host: a route at the lab's core router, an SDN
/// rule elsewhere.</summary>
public interface IFlowSwitch
{
    /// <summary>Makes packets for the address reach the given host.</summary>
    Task RouteAsync(string address, string host, CancellationToken cancellationToken);

    /// <summary>Stops routing the address anywhere: its service is gone. Absent routes are no error.</summary>
    Task UnrouteAsync(string address, CancellationToken cancellationToken);
}
