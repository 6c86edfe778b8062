using Mose.Runtime.Memory;

namespace Mose.Agent.PreCopy;

/// <summary>
/// What the source remembers between the rounds of one migration: each page's hash from the last round
/// (to count what was dirtied) and every chunk the destination is known to hold (so it is never asked
/// about or sent twice).
/// </summary>
internal sealed class PreCopySession(string migrationId)
{
    /// <summary>The migration this session belongs to.</summary>
    public string MigrationId { get; } = migrationId;

    /// <summary>Page hashes of the last round, by process and address.</summary>
    public DirtyTracker Tracker { get; } = new();

    /// <summary>Chunks the destination holds: reported present or sent in this migration.</summary>
    public HashSet<UInt128> PeerHas { get; } = [];

    /// <summary>Rounds run so far.</summary>
    public int Rounds { get; set; }
}
