namespace Mose.Agent;

/// <summary>Settings of one agent.</summary>
public sealed class AgentOptions
{
    /// <summary>Host name the agent answers for (e.g. edge1). Required.</summary>
    public required string Name { get; init; }

    /// <summary>Directory for bundles, images and runtime state. Required.</summary>
    public required string DataRoot { get; init; }

    /// <summary>Unix socket for the control API (orchestrator and CLI). Required.</summary>
    public required string ControlSocket { get; init; }

    /// <summary>TCP "ip:port" where peers push state; its IP is the host's address on the lab network.</summary>
    public required string DataAddress { get; init; }

    /// <summary>Prefix of the service namespaces and cgroups this agent creates ("&lt;prefix&gt;-&lt;service&gt;").
    /// Default "mose-&lt;Name&gt;"; the lab passes its host namespace's name so labs never collide.</summary>
    public string NetnsPrefix { get; init; } = "";

    /// <summary>Disk budget of the content-addressed chunk store under DataRoot/chunks. Default 4 GiB; at least
    /// 64 MiB. Pages of services that passed through stay there until newer ones push them out.</summary>
    public long ChunkStoreBytes { get; init; } = 4L << 30;

    /// <summary>Lists every problem with the settings, or nothing.</summary>
    public IEnumerable<string> Validate()
    {
        if (Core.Services.ServiceNames.Validate(Name) is { } nameError)
        {
            yield return $"Name: {nameError}";
        }

        if (NetnsPrefix.Length == 0 || NetnsPrefix.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            yield return $"NetnsPrefix: '{NetnsPrefix}' must be non-empty, a-z, 0-9 and '-'";
        }

        if (!Path.IsPathRooted(DataRoot))
        {
            yield return $"DataRoot: '{DataRoot}' must be an absolute path";
        }

        if (!Path.IsPathRooted(ControlSocket))
        {
            yield return $"ControlSocket: '{ControlSocket}' must be an absolute path";
        }

        if (ChunkStoreBytes < 64L << 20)
        {
            yield return $"ChunkStoreBytes: {ChunkStoreBytes} is below 64 MiB";
        }

        if (!System.Net.IPEndPoint.TryParse(DataAddress, out var ep) || ep.Port == 0)
        {
            yield return $"DataAddress: '{DataAddress}' must be ip:port with a non-zero port";
        }
    }
}
