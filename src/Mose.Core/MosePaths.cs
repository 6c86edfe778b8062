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

    /// <summary>
    /// Name of the embedded lab (MOSE_LAB, default "mose"): the prefix of its namespaces and the folder of its
    /// state. Two labs with different names live side by side (the integration tests use their own).
    /// </summary>
    public static string LabName => Environment.GetEnvironmentVariable("MOSE_LAB") is { Length: > 0 } n
        ? ValidLabName(n)
        : "mose";

    /// <summary>State of the embedded lab (agents' data, logs, sockets).</summary>
    public static string LabRoot => Environment.GetEnvironmentVariable("MOSE_LAB_ROOT") is { Length: > 0 } r
        ? r
        : $"/var/lib/mose/{LabName}";

    private static string ValidLabName(string name) =>
        name.Length <= 8 && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9')
            ? name
            : throw new ArgumentException($"MOSE_LAB '{name}' must be 1-8 characters a-z or 0-9");
}
