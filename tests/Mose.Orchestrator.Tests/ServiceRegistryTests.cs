using Mose.Orchestrator.Registry;

namespace Mose.Orchestrator.Tests;

public sealed class ServiceRegistryTests : IDisposable
{
    private const string Prefix = "10.200.0.";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Root => _dir.Combine("state");

    [Fact]
    public void Constructor_WithNewDirectory_CreatesItAndStartsEmpty()
    {
        var registry = new ServiceRegistry(Root);

        Assert.True(Directory.Exists(Root));
        Assert.Empty(registry.All());
        Assert.Null(registry.Find("redis"));
    }

    [Fact]
    public void Put_ThenReload_ReadsTheServiceBackFromDisk()
    {
        new ServiceRegistry(Root).Put(Service("redis", "10.200.0.10", "a"));

        var reloaded = new ServiceRegistry(Root).Find("redis");

        Assert.NotNull(reloaded);
        Assert.Equal(("redis", "redis", "10.200.0.10", "a"),
            (reloaded.Name, reloaded.Kind, reloaded.Ip, reloaded.Host));
        Assert.Equal([6379], reloaded.Ports);
        Assert.Equal(["/usr/bin/redis-server", "--save", ""], reloaded.Args);
    }

    [Fact]
    public void Put_WithExistingName_ReplacesIt()
    {
        var registry = new ServiceRegistry(Root);
        registry.Put(Service("redis", "10.200.0.10", "a"));

        registry.Put(Service("redis", "10.200.0.10", "b"));

        Assert.Equal("b", Assert.Single(new ServiceRegistry(Root).All()).Host);
    }

    [Fact]
    public void Put_LeavesNoTemporaryFileBehind()
    {
        new ServiceRegistry(Root).Put(Service("redis", "10.200.0.10", "a"));

        Assert.Equal(["services.json"], Directory.EnumerateFileSystemEntries(Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Remove_ThenReload_ForgetsTheService()
    {
        var registry = new ServiceRegistry(Root);
        registry.Put(Service("redis", "10.200.0.10", "a"));
        registry.Put(Service("cache", "10.200.0.11", "b"));

        registry.Remove("redis");

        Assert.Equal(["cache"], new ServiceRegistry(Root).All().Select(s => s.Name));
    }

    [Fact]
    public void All_IsSortedByName()
    {
        var registry = new ServiceRegistry(Root);
        registry.Put(Service("web", "10.200.0.10", "a"));
        registry.Put(Service("cache", "10.200.0.11", "a"));
        registry.Put(Service("redis", "10.200.0.12", "b"));

        Assert.Equal(["cache", "redis", "web"], registry.All().Select(s => s.Name));
    }

    [Fact]
    public void AllocateIp_WithEmptyRegistry_StartsAtTen()
    {
        Assert.Equal("10.200.0.10", new ServiceRegistry(Root).AllocateIp(Prefix));
    }

    [Fact]
    public void AllocateIp_SkipsUsedAddressesAndFillsTheFirstGap()
    {
        var registry = new ServiceRegistry(Root);
        registry.Put(Service("one", "10.200.0.10", "a"));
        registry.Put(Service("two", "10.200.0.11", "a"));
        registry.Put(Service("four", "10.200.0.13", "a"));

        Assert.Equal("10.200.0.12", registry.AllocateIp(Prefix));
    }

    [Fact]
    public void AllocateIp_AfterReload_StillSeesTheUsedAddresses()
    {
        new ServiceRegistry(Root).Put(Service("one", "10.200.0.10", "a"));

        Assert.Equal("10.200.0.11", new ServiceRegistry(Root).AllocateIp(Prefix));
    }

    [Fact]
    public void AllocateIp_WhenTheSubnetIsFull_Throws()
    {
        var registry = new ServiceRegistry(Root);
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
