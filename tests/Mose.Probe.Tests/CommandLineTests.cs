using System.Net;

namespace Mose.Probe.Tests;

public class CommandLineTests
{
    private static ProbeOptions Options(string kind, double intervalMs, string? netns = null) =>
        new(kind, IPAddress.Parse("10.77.0.2"), 6379, TimeSpan.FromSeconds(4.2), TimeSpan.FromMilliseconds(intervalMs), netns);

    [Fact]
    public void Sockperf_Arguments()
    {
        Assert.Equal(
            ["ping-pong", "--tcp", "-i", "10.77.0.2", "-p", "6379", "-t", "5", "--mps=20", "--full-log", "/tmp/x.csv"],
            SockperfProbe.Arguments(Options("sockperf", 50), "/tmp/x.csv"));
        Assert.Equal(1, SockperfProbe.MessagesPerSecond(TimeSpan.FromSeconds(3)));
        Assert.Equal(1000, SockperfProbe.MessagesPerSecond(TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Iperf3_Arguments()
    {
        Assert.Equal(
            ["-c", "10.77.0.2", "-p", "6379", "-t", "5", "-i", "0.1", "--json", "--logfile", "/tmp/x.json"],
            Iperf3Probe.Arguments(Options("iperf3", 20), "/tmp/x.json"));
        Assert.Equal(["-i", "0.25"], Iperf3Probe.Arguments(Options("iperf3", 250), "/l").Skip(6).Take(2));
    }

    [Fact]
    public void InNamespace_RunsThroughNsenter()
    {
        var (program, args) = ExternalTool.Command("/run/netns/mose-ue", "sockperf", ["ping-pong"]);
        Assert.Equal("nsenter", program);
        Assert.Equal(["--net=/run/netns/mose-ue", "sockperf", "ping-pong"], args);

        var (direct, directArgs) = ExternalTool.Command(null, "iperf3", ["-c"]);
        Assert.Equal("iperf3", direct);
        Assert.Equal(["-c"], directArgs);
    }
}

public class ProbeFactoryTests
{
    [Theory]
    [InlineData("redis", typeof(RedisProbe))]
    [InlineData("memcached", typeof(MemcachedProbe))]
    [InlineData("sockperf", typeof(SockperfProbe))]
    [InlineData("iperf3", typeof(Iperf3Probe))]
    [InlineData("Redis", typeof(RedisProbe))]
    public void KnownKinds_AreCreated(string kind, Type expected)
    {
        Assert.IsType(expected, ProbeFactory.Create(kind, TimeProvider.System));
    }

    [Fact]
    public void UnknownKind_ListsKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ProbeFactory.Create("postgres", TimeProvider.System));
        Assert.Contains("postgres", e.Message);
        foreach (var kind in ProbeFactory.KnownKinds)
        {
            Assert.Contains(kind, e.Message);
        }
    }
}
