namespace Mose.Core;

/// <summary>Where Mose finds its tools. The prefix is installed by scripts/setup.sh.</summary>
public static class MosePaths
{
    /// <summary>Install prefix; MOSE_PREFIX overrides the default /opt/mose.</summary>
    public static string Prefix => Environment.GetEnvironmentVariable("MOSE_PREFIX") is { Length: > 0 } p
        ? p
        : "/opt/mose";

    /// <summary>The CRIU wrapper that runs the private CRIU build with its own libraries.</summary>
    public static string Criu => Environment.GetEnvironmentVariable("MOSE_CRIU") is { Length: > 0 } c
        ? c
        : Path.Combine(Prefix, "bin", "criu");

    /// <summary>State of the embedded lab (agents' data, logs, sockets).</summary>
    public static string LabRoot => Environment.GetEnvironmentVariable("MOSE_LAB_ROOT") is { Length: > 0 } r
        ? r
        : "/var/lib/mose/lab";
}
