namespace Mose.Runtime;

/// <summary>How a checkpoint or restore is run.</summary>
/// <param name="Baseline">Run it as a plain script would, for comparison: no freeze by the runtime first and
/// CRIU's own network lock (the driver's CRIU configuration is not used).</param>
/// <param name="ConfigOverride">A CRIU configuration file for this call only, or null.</param>
/// <param name="ParentPath">A checkpoint's last pre-dump, relative to its image directory: CRIU then dumps only
/// the pages the kernel saw dirtied since (needs soft-dirty tracking). Null for a full dump.</param>
public sealed record CriuTuning(bool Baseline = false, string? ConfigOverride = null, string? ParentPath = null)
{
    /// <summary>Mose's normal way.</summary>
    public static CriuTuning Default { get; } = new();
}
