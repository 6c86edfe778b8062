namespace Mose.Transfer;

/// <summary>
/// Raised when transferred state does not match what was offered: a hash or size mismatch, a gap in the
/// chunk offsets, a truncated file, a corrupt compressed block or a path that would escape the state root.
/// </summary>
public sealed class StateIntegrityException : Exception
{
    /// <summary>Creates the exception without details.</summary>
    public StateIntegrityException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public StateIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the fault that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying fault.</param>
    public StateIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one file of the state.</summary>
    /// <param name="path">The file's path relative to the state root.</param>
    /// <param name="detail">What differed.</param>
    public StateIntegrityException(string path, string detail)
        : base($"State file '{path}': {detail}")
    {
        Path = path;
    }

    /// <summary>The offending path relative to the state root, when the fault concerns one file.</summary>
    public string? Path { get; }
}
