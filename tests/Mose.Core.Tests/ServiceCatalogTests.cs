using Mose.Core.Services;

namespace Mose.Core.Tests;

public sealed class ServiceCatalogTests
{
    [Fact]
    public void Get_WithKnownKind_ReturnsItsProgramAndPorts()
    {
        var redis = ServiceCatalog.Get("redis");

        Assert.Equal("/usr/bin/redis-server", redis.Args[0]);
        Assert.Equal(new[] { 6379 }, redis.Ports);
    }

    [Fact]
    public void Get_WithUnknownKind_ThrowsListingEveryKnownKind()
    {
        var error = Assert.Throws<ArgumentException>(() => ServiceCatalog.Get("nginx"));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("'nginx'", error.Message, StringComparison.Ordinal);
        Assert.Contains("redis, sockperf, iperf3, memcached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_IsCaseSensitive()
    {
        Assert.Null(ServiceCatalog.Find("Redis"));
        Assert.NotNull(ServiceCatalog.Find("redis"));
    }

    [Fact]
    public void All_KindNamesAreValidServiceNames()
    {
        Assert.All(ServiceCatalog.All, kind => Assert.Null(ServiceNames.Validate(kind.Name)));
    }

    [Fact]
    public void All_EveryKindRunsFromUsrAndListensOnAPort()
    {
        Assert.All(ServiceCatalog.All, kind =>
        {
            Assert.StartsWith("/usr/", kind.Args[0], StringComparison.Ordinal);
            Assert.NotEmpty(kind.Ports);
        });
    }
}
