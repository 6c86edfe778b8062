namespace Mose.Runtime.Memory;

/// <summary>How a page read in this round compares with the previous round.</summary>
public enum PageChange
{
    /// <summary>Same process, same address, same content hash as last round.</summary>
    Unchanged,

    /// <summary>The page was there last round with other content: written, or torn by a write.</summary>
    Changed,

    /// <summary>The page was not there last round: newly touched memory, or a new process.</summary>
    New,
}
