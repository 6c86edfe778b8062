namespace Mose.Runtime.Memory;

/// <summary>One round of a <see cref="DirtyRateProfiler"/> measurement.</summary>
/// <param name="StartedAt">When the round began, from the start of the measurement.</param>
/// <param name="ReadTime">How long reading and hashing all pages took.</param>
/// <param name="Tally">What the read came across.</param>
/// <param name="Delta">How the round compares with the one before.</param>
public sealed record ProfiledRound(
    TimeSpan StartedAt, TimeSpan ReadTime, MemoryReadTally Tally, DirtyRound Delta);
