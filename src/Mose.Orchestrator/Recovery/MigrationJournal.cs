using System.Text.Json;

namespace Mose.Orchestrator.Recovery;

/// <summary>
/// Records each migration on disk from its start to its end, so that one interrupted by an orchestrator
/// crash, or left half rolled back because an agent was down, is finished or undone later
/// (see <see cref="RecoveryService"/>).
/// </summary>
public sealed class MigrationJournal
{
    private readonly string _dir;

    public MigrationJournal(string stateRoot)
    {
        _dir = Path.Combine(stateRoot, "in-flight");
        Directory.CreateDirectory(_dir);
    }

    /// <summary>Writes the entry before anything is changed on a host.</summary>
    public void Begin(InFlight entry)
    {
        var path = PathOf(entry.Service);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(entry));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Removes the entry once the service runs in exactly one place.</summary>
    public void End(string service) => File.Delete(PathOf(service));

    /// <summary>Every migration not seen to end.</summary>
    public IReadOnlyList<InFlight> Pending() =>
        Directory.EnumerateFiles(_dir, "*.json")
            .Select(f => JsonSerializer.Deserialize<InFlight>(File.ReadAllText(f)))
            .OfType<InFlight>()
            .ToList();

    private string PathOf(string service) => Path.Combine(_dir, $"{service}.json");
}
