namespace Mose.Core.Services;

/// <summary>The sample services of the lab. All run from the host's own /usr, read-only.</summary>
public static class ServiceCatalog
{
    private static readonly ServiceKind[] Kinds =
    [
        new("redis",
            ["/usr/bin/redis-server", "--bind", "0.0.0.0", "--port", "6379", "--protected-mode", "no",
             "--save", "", "--appendonly", "no", "--dir", "/data", "--daemonize", "no"],
            [6379], "Redis key-value store (state in memory)"),
        new("sockperf",
            ["/usr/bin/sockperf", "server", "--tcp", "-i", "0.0.0.0", "-p", "11111"],
            [11111], "sockperf latency server (TCP)"),
        new("iperf3", ["/usr/bin/iperf3", "-s", "-p", "5201"], [5201], "iperf3 throughput server"),
        new("memcached", ["/usr/bin/memcached", "-u", "root", "-p", "11211", "-U", "0", "-m", "64"],
            [11211], "memcached cache"),
        new("dprgen", Dprgen.Args(Dprgen.DefaultStateMiB, rate: 0), [Dprgen.Port],
            "Mose's dirty-page-rate generator (state size and pages rewritten per second)"),
    ];

    /// <summary>Every known kind, in a stable order.</summary>
    public static IReadOnlyList<ServiceKind> All => Kinds;

    /// <summary>Finds a kind by name, or null.</summary>
    public static ServiceKind? Find(string name) =>
        Kinds.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    /// <summary>Finds a kind by name or throws an error that lists the known ones.</summary>
    public static ServiceKind Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"unknown service kind '{name}'; known kinds: {string.Join(", ", Kinds.Select(k => k.Name))}",
            nameof(name));
}
