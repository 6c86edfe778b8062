using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Registry;

/// <summary>The orchestrator's record of services and their hosts, in the store so a restart loses nothing.
/// Every call reads or writes the database: two registries on one store always agree.</summary>
public sealed class ServiceRegistry(OrchestratorStore store)
{
    private const string Columns = "name, kind, ip, ports, args, host";

    /// <summary>All services, by name.</summary>
    public IReadOnlyList<Placement> All() =>
        store.Read(c => Sql.Query(c, $"SELECT {Columns} FROM services ORDER BY name", Map));

    /// <summary>A service by name, or null.</summary>
    public Placement? Find(string name) =>
        store.Read(c => Sql.Query(c, $"SELECT {Columns} FROM services WHERE name = $name", Map, ("$name", name)))
            .SingleOrDefault();

    /// <summary>Adds or replaces a service.</summary>
    public void Put(Placement placement) => store.Write(c => Insert(c, placement, replace: true));

    /// <summary>Adds a service unless one of that name is known; true when added.</summary>
    public bool Add(Placement placement) => store.Write(c => Insert(c, placement, replace: false)) > 0;

    /// <summary>Removes a service.</summary>
    public void Remove(string name) =>
        store.Write(c => Sql.Execute(c, "DELETE FROM services WHERE name = $name", ("$name", name)));

    /// <summary>The lowest free address in 10.200.0.10-250.</summary>
    public string AllocateIp(string prefix)
    {
        var used = store.Read(c => Sql.Query(c, "SELECT ip FROM services", r => r.GetString(0))).ToHashSet();
        for (var i = 10; i < 250; i++)
        {
            if (!used.Contains(prefix + i))
            {
                return prefix + i;
            }
        }

        throw new InvalidOperationException("the service subnet is full (240 services)");
    }

    private static int Insert(SqliteConnection connection, Placement p, bool replace) =>
        Sql.Execute(connection, $"""
            INSERT OR {(replace ? "REPLACE" : "IGNORE")} INTO services ({Columns})
            VALUES ($name, $kind, $ip, $ports, $args, $host)
            """, ("$name", p.Name), ("$kind", p.Kind), ("$ip", p.Ip), ("$ports", JsonSerializer.Serialize(p.Ports)),
            ("$args", JsonSerializer.Serialize(p.Args)), ("$host", p.Host));

    private static Placement Map(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2),
        JsonSerializer.Deserialize<List<int>>(r.GetString(3)) ?? [],
        JsonSerializer.Deserialize<List<string>>(r.GetString(4)) ?? [], r.GetString(5));
}
