namespace Mose.Runtime.Memory;

/// <summary>What one round of live reading found compared with the round before.</summary>
/// <param name="Round">0 for the first round, whose pages are all new.</param>
/// <param name="PresentPages">Pages read this round.</param>
/// <param name="ChangedPages">Pages read in both rounds whose content differs.</param>
/// <param name="NewPages">Pages read this round but not the last.</param>
/// <param name="GonePages">Pages read last round but not this one (freed, unmapped, exited).</param>
/// <param name="RepeatedPages">Changed pages that had changed in the round before too: a service's hot
/// pages (counters, its own bookkeeping) change in every round however short, which a rate must not count
/// as writes spread over its state.</param>
public sealed record DirtyRound(
    int Round, long PresentPages, long ChangedPages, long NewPages, long GonePages, long RepeatedPages = 0)
{
    /// <summary>
    /// Pages a pre-copy round would have to send again: changed plus new. Newly touched pages count because
    /// the destination has never seen them, just like rewritten ones.
    /// </summary>
    public long DirtiedPages => ChangedPages + NewPages;
}
