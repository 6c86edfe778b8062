using System.Text.Json;

namespace Mose.Agent.Services;

/// <summary>What an agent remembers about a service across restarts.</summary>
public sealed record ServiceRecord(string Name, string Kind, IReadOnlyList<string> Args, string Ip,
    IReadOnlyList<int> Ports, string State)
{
    /// <summary>Running here.</summary>
    public const string Running = "running";

    /// <summary>Dumped here and stopped; images kept until the migration commits or rolls back.</summary>
    public const string Checkpointed = "checkpointed";

    /// <summary>Destination side of a migration in progress.</summary>
    public const string Incoming = "incoming";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the record atomically.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a record, or null if the file does not exist.</summary>
    public static ServiceRecord? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<ServiceRecord>(File.ReadAllText(path)) : null;
}
