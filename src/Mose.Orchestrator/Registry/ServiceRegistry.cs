using System.Text.Json;

namespace Mose.Orchestrator.Registry;

/// <summary>The orchestrator's record of services and their hosts, written atomically to a JSON file so a
/// restart loses nothing. (A SQLite store replaces it with migration history; see issue 4.)</summary>
public sealed class ServiceRegistry
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly Lock _gate = new();
    private Dictionary<string, Placement> _services;

    public ServiceRegistry(string stateRoot)
    {
        Directory.CreateDirectory(stateRoot);
        _path = Path.Combine(stateRoot, "services.json");
        _services = File.Exists(_path) ? Load(_path) : [];
    }

    /// <summary>All services, by name.</summary>
    public IReadOnlyList<Placement> All()
    {
        lock (_gate)
        {
            return _services.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>A service by name, or null.</summary>
    public Placement? Find(string name)
    {
        lock (_gate)
        {
            return _services.GetValueOrDefault(name);
        }
    }

    /// <summary>Adds or replaces a service and saves.</summary>
    public void Put(Placement placement)
    {
        lock (_gate)
        {
            _services = new Dictionary<string, Placement>(_services) { [placement.Name] = placement };
            Save();
        }
    }

    /// <summary>Removes a service and saves.</summary>
    public void Remove(string name)
    {
        lock (_gate)
        {
            _services.Remove(name);
            Save();
        }
    }

    /// <summary>The lowest free address in 10.200.0.10-250.</summary>
    public string AllocateIp(string prefix)
    {
        lock (_gate)
        {
            var used = _services.Values.Select(s => s.Ip).ToHashSet();
            for (var i = 10; i < 250; i++)
            {
                if (!used.Contains(prefix + i))
                {
                    return prefix + i;
                }
            }

            throw new InvalidOperationException("the service subnet is full (240 services)");
        }
    }

    private static Dictionary<string, Placement> Load(string path)
    {
        try
        {
            var list = JsonSerializer.Deserialize<List<Placement>>(File.ReadAllText(path))
                ?? throw new InvalidDataException("it holds null");
            return list.ToDictionary(p => p.Name);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"the service registry {path} is unreadable ({e.Message}); " +
                "fix or move it away to start with an empty registry", e);
        }
    }

    private void Save()
    {
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_services.Values.ToList(), Json));
        File.Move(temp, _path, overwrite: true);
    }
}
