namespace Mose.Orchestrator.Registry;

/// <summary>Where a service runs, and its identity (kind, stable IP, ports).</summary>
public sealed record Placement(string Name, string Kind, string Ip, IReadOnlyList<int> Ports,
    IReadOnlyList<string> Args, string Host);
