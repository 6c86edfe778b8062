namespace Mose.Runtime.Runc;

/// <summary>Settings of the runc driver.</summary>
public sealed class RuncOptions
{
    /// <summary>The runc binary. Default: runc on PATH.</summary>
    public string RuncPath { get; set; } = "runc";

    /// <summary>CRIU program handed to runc with --criu (the wrapper around the private CRIU build).</summary>
    public string CriuPath { get; set; } = Core.MosePaths.Criu;

    /// <summary>runc's state root; one per agent so agents on one machine do not see each other's
    /// containers.</summary>
    public required string StateRoot { get; set; }

    /// <summary>Where an agent with the given data directory keeps runc's state.</summary>
    public static string StateRootUnder(string dataRoot) => Path.Combine(dataRoot, "runc");

    /// <summary>CRIU configuration file handed to CRIU through CRIU_CONFIG_FILE on checkpoint and restore,
    /// or null for none. See <see cref="CriuConfig"/>.</summary>
    public string? CriuConfigFile { get; set; }

    /// <summary>Timeout of quick calls (state, kill, delete). Default 15 s.</summary>
    public TimeSpan ShortTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of run, checkpoint and restore. Default 120 s (large memory images).</summary>
    public TimeSpan LongTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
