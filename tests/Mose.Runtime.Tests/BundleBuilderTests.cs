using System.Text.Json;
using Mose.Runtime.Runc;

namespace Mose.Runtime.Tests;

public sealed class BundleBuilderTests : IDisposable
{
    private const string Netns = "/run/netns/mose-a-redis";
    private const string Cgroups = "/mose/a/redis";
    private static readonly string[] RedisArgs = ["/usr/bin/redis-server", "--save", "", "--port", "6379"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Bundle => _dir.Combine("bundle");

    [Fact]
    public void Create_JoinsTheGivenNetworkNamespaceAndMakesTheOthersNew()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        var namespaces = Config().GetProperty("linux").GetProperty("namespaces").EnumerateArray().ToList();

        var network = Assert.Single(namespaces, n => n.GetProperty("type").GetString() == "network");
        Assert.Equal(Netns, network.GetProperty("path").GetString());
        Assert.Equal(["pid", "ipc", "uts", "mount"],
            namespaces.Where(n => !n.TryGetProperty("path", out _))
                .Select(n => n.GetProperty("type").GetString()));
    }

    [Fact]
    public void Create_SetsTheCgroupsPath()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        Assert.Equal(Cgroups, Config().GetProperty("linux").GetProperty("cgroupsPath").GetString());
    }

    [Fact]
    public void Create_BindsTheHostsUsrReadOnly()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        var usr = Assert.Single(Config().GetProperty("mounts").EnumerateArray(),
            m => m.GetProperty("destination").GetString() == "/usr");
        Assert.Equal("bind", usr.GetProperty("type").GetString());
        Assert.Equal("/usr", usr.GetProperty("source").GetString());
        Assert.Contains("ro", Strings(usr.GetProperty("options")));
        Assert.Contains("rbind", Strings(usr.GetProperty("options")));
    }

    [Fact]
    public void Create_BindsNothingElseFromTheHost()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        var binds = Config().GetProperty("mounts").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() == "bind")
            .Select(m => m.GetProperty("destination").GetString());

        Assert.Equal(["/usr"], binds);
    }

    [Theory]
    [InlineData("bounding")]
    [InlineData("effective")]
    [InlineData("permitted")]
    public void Create_LeavesOutCapSysResource(string set)
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        var caps = Strings(Config().GetProperty("process").GetProperty("capabilities").GetProperty(set));

        Assert.DoesNotContain("CAP_SYS_RESOURCE", caps);
        Assert.Contains("CAP_NET_BIND_SERVICE", caps);
    }

    [Fact]
    public void Create_WrapsTheArgsSoStdioGoesToTheLogInsideTheContainer()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        var args = Strings(Config().GetProperty("process").GetProperty("args"));

        Assert.Equal(["/bin/sh", "-c"], args.Take(2));
        Assert.Contains($">{BundleBuilder.ServiceLog} 2>&1", args[2], StringComparison.Ordinal);
        Assert.Contains("</dev/null", args[2], StringComparison.Ordinal);
        Assert.StartsWith("exec ", args[2], StringComparison.Ordinal);
        Assert.Equal(RedisArgs, args.Skip(3));
    }

    [Fact]
    public void Create_RunsAsRootWithoutNewPrivilegesOrTerminal()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        var process = Config().GetProperty("process");

        Assert.False(process.GetProperty("terminal").GetBoolean());
        Assert.True(process.GetProperty("noNewPrivileges").GetBoolean());
        Assert.Equal(0, process.GetProperty("user").GetProperty("uid").GetInt32());
        Assert.Equal("redis", Config().GetProperty("hostname").GetString());
        Assert.Equal("rootfs", Config().GetProperty("root").GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("lib", "usr/lib")]
    [InlineData("lib64", "usr/lib64")]
    [InlineData("bin", "usr/bin")]
    [InlineData("sbin", "usr/sbin")]
    public void Create_LinksTopLevelDirectoriesIntoUsr(string link, string target)
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        Assert.Equal(target, new FileInfo(Path.Combine(Bundle, "rootfs", link)).LinkTarget);
    }

    [Theory]
    [InlineData("usr")]
    [InlineData("proc")]
    [InlineData("tmp")]
    [InlineData("data")]
    [InlineData("var/log")]
    public void Create_MakesTheMountPointsAndWritableDirectories(string directory)
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        Assert.True(Directory.Exists(Path.Combine(Bundle, "rootfs", directory)));
    }

    [Fact]
    public void Create_WritesHostnameAndARootUser()
    {
        BundleBuilder.Create(Bundle, "cache-1", RedisArgs, Netns, Cgroups);

        var etc = Path.Combine(Bundle, "rootfs", "etc");
        Assert.Equal("cache-1\n", File.ReadAllText(Path.Combine(etc, "hostname")));
        Assert.StartsWith("root:x:0:0:", File.ReadAllText(Path.Combine(etc, "passwd")), StringComparison.Ordinal);
        Assert.StartsWith("root:x:0:", File.ReadAllText(Path.Combine(etc, "group")), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OverAnExistingBundle_KeepsTheLinksAndRewritesTheConfig()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, "/run/netns/old", "/old");

        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        Assert.Equal("usr/lib", new FileInfo(Path.Combine(Bundle, "rootfs", "lib")).LinkTarget);
        Assert.Equal(Cgroups, Config().GetProperty("linux").GetProperty("cgroupsPath").GetString());
    }

    [Fact]
    public void Retarget_PointsTheBundleAtTheNewNamespaceAndCgroup()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);

        BundleBuilder.Retarget(Bundle, "/run/netns/mose-b-redis", "/mose/b/redis");

        var linux = Config().GetProperty("linux");
        var network = Assert.Single(linux.GetProperty("namespaces").EnumerateArray(),
            n => n.GetProperty("type").GetString() == "network");
        Assert.Equal("/run/netns/mose-b-redis", network.GetProperty("path").GetString());
        Assert.Equal("/mose/b/redis", linux.GetProperty("cgroupsPath").GetString());
    }

    [Fact]
    public void Retarget_LeavesEverythingElseAlone()
    {
        BundleBuilder.Create(Bundle, "redis", RedisArgs, Netns, Cgroups);
        var before = Config();

        BundleBuilder.Retarget(Bundle, "/run/netns/mose-b-redis", "/mose/b/redis");

        var after = Config();
        Assert.Equal(before.GetProperty("process").GetRawText(), after.GetProperty("process").GetRawText());
        Assert.Equal(before.GetProperty("mounts").GetRawText(), after.GetProperty("mounts").GetRawText());
        Assert.Equal(5, after.GetProperty("linux").GetProperty("namespaces").GetArrayLength());
        Assert.DoesNotContain(after.GetProperty("linux").GetProperty("namespaces").EnumerateArray(),
            n => n.GetProperty("type").GetString() != "network" && n.TryGetProperty("path", out _));
    }

    [Fact]
    public void WrapArgs_KeepsEachArgumentWhole()
    {
        var wrapped = BundleBuilder.WrapArgs(["/usr/bin/prog", "two words", "", "$HOME"]);

        Assert.Equal(["/usr/bin/prog", "two words", "", "$HOME"], wrapped.Skip(3));
        Assert.Contains("\"$0\" \"$@\"", wrapped[2], StringComparison.Ordinal);
    }

    private JsonElement Config()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bundle, "config.json")));
        return json.RootElement.Clone();
    }

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
