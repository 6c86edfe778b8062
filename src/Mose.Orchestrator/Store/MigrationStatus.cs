namespace Mose.Orchestrator.Store;

/// <summary>Statuses of a migration record (see <see cref="MigrationHistory"/>).</summary>
public static class MigrationStatus
{
    /// <summary>Started and not seen to end yet.</summary>
    public const string Running = "running";

    /// <summary>The service runs on the destination.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Failed after touching the hosts, and rolled back: the service runs on the source.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>Failed and not fully rolled back; recovery finishes the job and resolves it.</summary>
    public const string Failed = "failed";

    /// <summary>Refused in validation or planning, before any host was touched.</summary>
    public const string Refused = "refused";

    /// <summary>Interrupted after the commit point; recovery completed the move.</summary>
    public const string RecoveredCompleted = "recovered-completed";

    /// <summary>Interrupted before the commit point; recovery undid it: the service runs on the source.
    /// </summary>
    public const string RecoveredUndone = "recovered-undone";

    /// <summary>The orchestrator stopped while it was running, and nothing was left to recover.</summary>
    public const string Interrupted = "interrupted";
}
