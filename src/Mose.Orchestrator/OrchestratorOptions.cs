namespace Mose.Orchestrator;

/// <summary>Settings of the orchestrator.</summary>
public sealed class OrchestratorOptions
{
    private readonly string? _storePath;

    /// <summary>Unix socket of the orchestrator's API. Required.</summary>
    public required string ControlSocket { get; init; }

    /// <summary>Directory of the orchestrator's persistent state. Required.</summary>
    public required string StateRoot { get; init; }

    /// <summary>The SQLite store (services, in-flight migrations, history, model). Default
    /// <c>&lt;StateRoot&gt;/mose.db</c>; an absolute path.</summary>
    public string StorePath
    {
        get => _storePath ?? Path.Combine(StateRoot, "mose.db");
        init => _storePath = value;
    }

    /// <summary>Agents by host name, each "unix:/path" or "host:port". At least one.</summary>
    public required IReadOnlyDictionary<string, string> Agents { get; init; }

    /// <summary>Timeout of each agent call; a migration step longer than this fails. Default 120 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Lists every problem, or nothing.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Path.IsPathRooted(ControlSocket))
        {
            yield return $"ControlSocket: '{ControlSocket}' must be an absolute path";
        }

        if (!Path.IsPathRooted(StateRoot))
        {
            yield return $"StateRoot: '{StateRoot}' must be an absolute path";
        }

        if (!Path.IsPathRooted(StorePath))
        {
            yield return $"StorePath: '{StorePath}' must be an absolute path";
        }

        if (Agents.Count == 0)
        {
            yield return "Agents: at least one agent is needed";
        }
    }
}
