namespace Mose.Orchestrator.Design;

/// <summary>A bandwidth measurement between two agents failed; the message names the host and the
/// cause.</summary>
public sealed class LinkMeasurementException : Exception
{
    public LinkMeasurementException(string message, Exception inner, bool invalidRequest = false)
        : base(message, inner) => InvalidRequest = invalidRequest;

    /// <summary>True when an agent refused the request itself (e.g. a duration out of range).</summary>
    public bool InvalidRequest { get; }
}
