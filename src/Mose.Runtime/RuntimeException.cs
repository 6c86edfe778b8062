namespace Mose.Runtime;

/// <summary>A runtime step failed; the message says which and why, with the tail of CRIU's log.</summary>
public sealed class RuntimeException(string message, Exception? inner = null) : Exception(message, inner);
