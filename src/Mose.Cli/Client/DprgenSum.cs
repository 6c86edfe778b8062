namespace Mose.Cli.Client;

/// <summary>dprgen's answer to SUM: a checksum of every page and every page's version, taken between two
/// page writes, and the write count at that moment.</summary>
public sealed record DprgenSum(ulong Sum, long Writes)
{
    /// <summary>The sum as dprgen prints it (16 hex digits).</summary>
    public override string ToString() => $"{Sum:x16} after {Writes} writes";
}
