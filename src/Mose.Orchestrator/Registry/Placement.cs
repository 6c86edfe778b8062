namespace Mose.Orchestrator.Registry;

/// <summary>Where a service runs, and its identity (kind, stable IP, ports).</summary>
public sealed record Placement(string Name, string Kind, string Ip, IReadOnlyList<int> Ports,
    IReadOnlyList<string> Args, string Host)
{
    /// <summary>The service as agents describe it: what they need to run it on any host.</summary>
    public Contracts.Agent.ServiceSpec ToSpec()
    {
        var spec = new Contracts.Agent.ServiceSpec { Name = Name, Kind = Kind, Ip = Ip };
        spec.Args.AddRange(Args);
        spec.Ports.AddRange(Ports);
        return spec;
    }
}
