using System.Text.Json;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Registry;

namespace Mose.Orchestrator.Store;

/// <summary>
/// Takes over what an earlier Mose kept as JSON in the state folder: <c>services.json</c> and
/// <c>in-flight/*.json</c>. Each file is imported and then renamed to <c>*.imported</c>, so nothing is lost
/// and nothing is imported twice; a crash half-way imports the rest on the next start (what the store already
/// holds wins). An interrupted migration also gets a history record, so recovery has one to resolve.
/// </summary>
public static class LegacyImport
{
    /// <summary>The suffix an imported file gets.</summary>
    public const string Suffix = ".imported";

    /// <summary>Imports the legacy files in <paramref name="stateRoot"/>; returns those imported.</summary>
    public static IReadOnlyList<string> Run(string stateRoot, ServiceRegistry registry,
        MigrationJournal journal, MigrationHistory history)
    {
        var imported = new List<string>();
        var services = Path.Combine(stateRoot, "services.json");
        if (File.Exists(services))
        {
            foreach (var placement in Read<List<Placement>>(services))
            {
                registry.Add(placement);
            }

            imported.Add(Retire(services));
        }

        var inFlight = Path.Combine(stateRoot, "in-flight");
        var entries = Directory.Exists(inFlight) ? Directory.GetFiles(inFlight, "*.json") : [];
        foreach (var file in entries.Order(StringComparer.Ordinal))
        {
            var entry = Read<InFlight>(file);
            var pending = journal.Pending();
            if (pending.All(p => p.Service != entry.Service))
            {
                journal.Begin(entry);
            }

            if (history.Find(entry.MigrationId) is null)
            {
                var request = new MigrateRequest { Service = entry.Service, Destination = entry.Destination };
                history.Begin(entry.MigrationId, request, entry.Source, plan: null);
            }

            imported.Add(Retire(file));
        }

        return imported;
    }

    private static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path))
                ?? throw new InvalidDataException("it holds null");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new StoreUnreadableException($"the legacy state file {path} is unreadable ({e.Message}); " +
                $"fix it or move it away (as {Path.GetFileName(path)}{Suffix}) to start without it", e);
        }
    }

    private static string Retire(string path)
    {
        File.Move(path, path + Suffix, overwrite: true);
        return path;
    }
}
