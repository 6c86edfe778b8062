namespace Mose.Transfer.Chunks;

/// <summary>
/// Raised when bytes read back from a <see cref="ChunkStore"/> pack no longer hash to the chunk's address,
/// e.g. after a crash lost data the index already described, or after disk corruption. The store forgets
/// the chunk before throwing, so asking it again for the missing chunks repairs the situation.
/// </summary>
public sealed class ChunkCorruptException : Exception
{
    /// <summary>Creates the exception without details.</summary>
    public ChunkCorruptException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ChunkCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the fault that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying fault.</param>
    public ChunkCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one chunk.</summary>
    /// <param name="hash">The chunk's address.</param>
    /// <param name="detail">Where it was read and what it hashed to.</param>
    public ChunkCorruptException(UInt128 hash, string detail)
        : base($"Chunk {Chunk.Format(hash)} is corrupt in the store: {detail}")
    {
        Hash = hash;
    }

    /// <summary>The address of the corrupt chunk.</summary>
    public UInt128 Hash { get; }
}
