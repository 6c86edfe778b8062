using Mose.Orchestrator.Registry;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Tests;

public sealed class ServiceRegistryTests : IDisposable
{
    private const string Prefix = "10.200.0.";
    private readonly TempDirectory _dir = new();
    private readonly List<OrchestratorStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _dir.Dispose();
    }

    private string Root => _dir.Combine("state");

    // Each call opens the store file anew, as a restarted orchestrator would.
    private ServiceRegistry Registry()
    {
        var store = OrchestratorStore.Open(Path.Join(Root, "mose.db"));
        _stores.Add(store);
        return new ServiceRegistry(store);
    }

    [Fact]
    public void Constructor_WithNewDirectory_CreatesItAndStartsEmpty()
    {
        var registry = Registry();

        Assert.True(Directory.Exists(Root));
        Assert.Empty(registry.All());
        Assert.Null(registry.Find("redis"));
    }

    [Fact]
    public void Put_ThenReload_ReadsTheServiceBackFromDisk()
    {
        Registry().Put(Service("redis", "10.200.0.10", "a"));

        var reloaded = Registry().Find("redis");

        Assert.NotNull(reloaded);
        Assert.Equal(("redis", "redis", "10.200.0.10", "a"),
            (reloaded.Name, reloaded.Kind, reloaded.Ip, reloaded.Host));
        Assert.Equal([6379], reloaded.Ports);
        Assert.Equal(["/usr/bin/redis-server", "--save", ""], reloaded.Args);
    }

    [Fact]
    public void Put_WithExistingName_ReplacesIt()
    {
        var registry = Registry();
        registry.Put(Service("redis", "10.200.0.10", "a"));

        registry.Put(Service("redis", "10.200.0.10", "b"));

        Assert.Equal("b", Assert.Single(Registry().All()).Host);
    }

    [Fact]
    public void Remove_ThenReload_ForgetsTheService()
    {
        var registry = Registry();
        registry.Put(Service("redis", "10.200.0.10", "a"));
        registry.Put(Service("cache", "10.200.0.11", "b"));

        registry.Remove("redis");

        Assert.Equal(["cache"], Registry().All().Select(s => s.Name));
    }

    [Fact]
    public void All_IsSortedByName()
    {
        var registry = Registry();
        registry.Put(Service("web", "10.200.0.10", "a"));
        registry.Put(Service("cache", "10.200.0.11", "a"));
        registry.Put(Service("redis", "10.200.0.12", "b"));

        Assert.Equal(["cache", "redis", "web"], registry.All().Select(s => s.Name));
    }

    [Fact]
    public void AllocateIp_WithEmptyRegistry_StartsAtTen()
    {
        Assert.Equal("10.200.0.10", Registry().AllocateIp(Prefix));
    }

    [Fact]
    public void AllocateIp_SkipsUsedAddressesAndFillsTheFirstGap()
    {
        var registry = Registry();
        registry.Put(Service("one", "10.200.0.10", "a"));
        registry.Put(Service("two", "10.200.0.11", "a"));
        registry.Put(Service("four", "10.200.0.13", "a"));

        Assert.Equal("10.200.0.12", registry.AllocateIp(Prefix));
    }

    [Fact]
    public void AllocateIp_AfterReload_StillSeesTheUsedAddresses()
    {
        Registry().Put(Service("one", "10.200.0.10", "a"));

        Assert.Equal("10.200.0.11", Registry().AllocateIp(Prefix));
    }

    [Fact]
    public void AllocateIp_WhenTheSubnetIsFull_Throws()
    {
        var registry = Registry();
        for (var i = 10; i < 250; i++)
        {
            registry.Put(Service($"s{i}", Prefix + i, "a"));
        }

        var error = Assert.Throws<InvalidOperationException>(() => registry.AllocateIp(Prefix));

        Assert.Contains("full", error.Message, StringComparison.Ordinal);
    }

    private static Placement Service(string name, string ip, string host) =>
        new(name, "redis", ip, [6379], ["/usr/bin/redis-server", "--save", ""], host);
}
