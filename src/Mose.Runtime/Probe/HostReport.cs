namespace Mose.Runtime.Probe;

/// <summary>One capability of a host: whether it is there and how that was found out.</summary>
public sealed record Capability(string Name, bool Available, string Detail);

/// <summary>What a host can do for migration, as probed (never assumed).</summary>
public sealed record HostReport(string Kernel, string CriuVersion, string RuncVersion, long FreeBytes,
    string CpuModel, IReadOnlyList<string> CpuFlags, IReadOnlyList<Capability> Capabilities)
{
    /// <summary>True when a named capability was found.</summary>
    public bool Has(string name) => Capabilities.Any(c => c.Name == name && c.Available);
}
