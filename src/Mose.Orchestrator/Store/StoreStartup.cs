using Microsoft.Extensions.Logging;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Registry;

namespace Mose.Orchestrator.Store;

/// <summary>What the orchestrator does with its store before it serves anyone: take over legacy JSON state,
/// and close the records of migrations that nothing is left to recover.</summary>
public static partial class StoreStartup
{
    /// <summary>Runs once, before the API listens, so no migration of this run passes for a lost one.
    /// </summary>
    public static void Run(string stateRoot, ServiceRegistry registry, MigrationJournal journal,
        MigrationHistory history, ILogger logger)
    {
        foreach (var file in LegacyImport.Run(stateRoot, registry, journal, history))
        {
            LogImported(logger, file, file + LegacyImport.Suffix);
        }

        var pending = journal.Pending();
        var interrupted = history.MarkInterrupted(pending.Select(e => e.MigrationId).ToHashSet());
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        if (pending.Count > 0)
        {
            LogPending(logger, pending.Count, string.Join(", ", pending.Select(e => e.Service)));
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information,
        Message = "Imported the legacy state file {File} into the store; it is kept as {Kept}")]
    private static partial void LogImported(ILogger logger, string file, string kept);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning,
        Message = "{Count} migration(s) were still running when the orchestrator stopped, with nothing " +
            "left to recover; marked interrupted")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning,
        Message = "{Count} interrupted migration(s) to finish or undo: {Services}")]
    private static partial void LogPending(ILogger logger, int count, string services);
}
