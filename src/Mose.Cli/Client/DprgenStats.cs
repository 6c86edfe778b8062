namespace Mose.Cli.Client;

/// <summary>dprgen's answer to STATS.</summary>
/// <param name="Writes">Pages rewritten since the start (restored with the rest of the memory).</param>
/// <param name="Rate">The configured rate, in pages per second.</param>
/// <param name="Achieved">Pages rewritten per second over the last full one-second window.</param>
/// <param name="StateMiB">Size of the data area.</param>
/// <param name="Pages">Number of 4 KiB pages in the data area.</param>
/// <param name="UptimeMs">Time since the start as the process saw it: CRIU's restore hides the time from the
/// dump to the restore.</param>
public sealed record DprgenStats(
    long Writes, int Rate, double Achieved, int StateMiB, long Pages, long UptimeMs);
