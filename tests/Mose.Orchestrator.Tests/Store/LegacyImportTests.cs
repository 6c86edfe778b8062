using Microsoft.Extensions.Time.Testing;
using Mose.Orchestrator.Recovery;
using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests.Store;

public sealed class LegacyImportTests : IDisposable
{
    // What an earlier Mose wrote, byte for byte in shape: System.Text.Json's default (PascalCase) names.
    private const string ServicesJson = """
        [
          { "Name": "redis", "Kind": "redis", "Ip": "10.200.0.10", "Ports": [6379],
            "Args": ["/usr/bin/redis-server", "--save", ""], "Host": "a" },
          { "Name": "cache", "Kind": "memcached", "Ip": "10.200.0.11", "Ports": [11211], "Args": [],
            "Host": "b" }
        ]
        """;

    private const string InFlightJson = """
        {"MigrationId":"0123abcd4567","Service":"redis","Ip":"10.200.0.10","Source":"a","Destination":"b"}
        """;

    private readonly StoreFile _file = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _file.Dispose();

    private string Root => _file.StateRoot;

    [Fact]
    public void Run_WithLegacyServicesAndAnInFlightMigration_ImportsThemAndKeepsTheFilesAsImported()
    {
        WriteLegacy();
        var (registry, journal, history) = Open();

        var imported = LegacyImport.Run(Root, registry, journal, history);

        Assert.Equal(2, imported.Count);
        Assert.Equal(["cache", "redis"], registry.All().Select(s => s.Name));
        var redis = registry.Find("redis")!;
        Assert.Equal(("redis", "10.200.0.10", "a"), (redis.Kind, redis.Ip, redis.Host));
        Assert.Equal([6379], redis.Ports);
        Assert.Equal(["/usr/bin/redis-server", "--save", ""], redis.Args);
        Assert.Equal(new InFlight("0123abcd4567", "redis", "10.200.0.10", "a", "b"),
            Assert.Single(journal.Pending()));
        Assert.Equal(MigrationStatus.Running, history.Find("0123abcd4567")?.Status);
        Assert.True(File.Exists(Path.Join(Root, "services.json.imported")));
        Assert.True(File.Exists(Path.Join(Root, "in-flight", "redis.json.imported")));
        Assert.False(File.Exists(Path.Join(Root, "services.json")));
    }

    [Fact]
    public void Run_AfterARestart_FindsTheImportedStateInTheStoreAndImportsNothingTwice()
    {
        WriteLegacy();
        var (registry, journal, history) = Open();
        LegacyImport.Run(Root, registry, journal, history);

        (registry, journal, history) = Open();
        var again = LegacyImport.Run(Root, registry, journal, history);

        Assert.Empty(again);
        Assert.Equal(2, registry.All().Count);
        Assert.Single(journal.Pending());
    }

    [Fact]
    public void Run_WhenTheStoreAlreadyKnowsAService_KeepsTheStoresPlacement()
    {
        WriteLegacy();
        var (registry, journal, history) = Open();
        registry.Put(MigrationLab.Redis with { Host = "c" });

        LegacyImport.Run(Root, registry, journal, history);

        Assert.Equal("c", registry.Find("redis")!.Host);
    }

    [Fact]
    public void Run_WithAnUnreadableServicesFile_SaysWhichFileAndLeavesItInPlace()
    {
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Join(Root, "services.json"), "[{ \"Name\": ");
        var (registry, journal, history) = Open();

        var error = Assert.Throws<StoreUnreadableException>(
            () => LegacyImport.Run(Root, registry, journal, history));

        Assert.Contains(Path.Join(Root, "services.json"), error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(Root, "services.json")));
    }

    private void WriteLegacy()
    {
        Directory.CreateDirectory(Path.Join(Root, "in-flight"));
        File.WriteAllText(Path.Join(Root, "services.json"), ServicesJson);
        File.WriteAllText(Path.Join(Root, "in-flight", "redis.json"), InFlightJson);
    }

    private (ServiceRegistry, MigrationJournal, MigrationHistory) Open()
    {
        var store = _file.Open();
        return (new ServiceRegistry(store), new MigrationJournal(store), new MigrationHistory(store, _time));
    }
}
