namespace Mose.Runtime;

/// <summary>How a checkpoint or restore is run.</summary>
/// <param name="Baseline">Run it as a plain script would, for comparison: no freeze by the runtime first and
/// CRIU's own network lock (the driver's CRIU configuration is not used).</param>
/// <param name="ConfigOverride">A CRIU configuration file for this call only, or null.</param>
public sealed record CriuTuning(bool Baseline = false, string? ConfigOverride = null)
{
    /// <summary>Mose's normal way.</summary>
    public static CriuTuning Default { get; } = new();
}
