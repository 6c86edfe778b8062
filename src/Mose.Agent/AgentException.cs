namespace Mose.Agent;

/// <summary>Why an agent refused or failed a request; mapped to a gRPC status only at the gRPC edge.</summary>
public enum AgentErrorKind
{
    /// <summary>The request names something the agent does not have.</summary>
    NotFound,

    /// <summary>The request is well formed but the host cannot do it now.</summary>
    Precondition,

    /// <summary>The request itself is invalid.</summary>
    Invalid,
}

/// <summary>An expected refusal of the agent (not an internal fault).</summary>
public sealed class AgentException(AgentErrorKind kind, string message) : Exception(message)
{
    public AgentErrorKind Kind { get; } = kind;
}
