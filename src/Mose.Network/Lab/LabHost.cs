namespace Mose.Network.Lab;

/// <summary>A host of the embedded lab: its namespace, its uplink address and the core's side of the link.</summary>
public sealed record LabHost(string Name, int Index)
{
    /// <summary>Network namespace of the host.</summary>
    public string Netns => $"{Core.MosePaths.LabName}-{Name}";

    /// <summary>The host's address on its link to the core router.</summary>
    public string Address => $"10.100.{Index}.2";

    /// <summary>The core router's address on the same link.</summary>
    public string CoreAddress => $"10.100.{Index}.1";

    /// <summary>The core router's interface towards this host.</summary>
    public string CoreInterface => $"c-{Name}";
}
