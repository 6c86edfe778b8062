using Mose.Core.Processes;

namespace Mose.Probe;

/// <summary>Creates probes by kind name.</summary>
public static class ProbeFactory
{
    /// <summary>The probe kinds <see cref="Create(string, TimeProvider)"/> accepts.</summary>
    public static IReadOnlyList<string> KnownKinds { get; } = ["redis", "memcached", "sockperf", "iperf3", "dprgen"];

    /// <summary>Creates a probe; external tools run through <see cref="CommandRunner.Instance"/>.</summary>
    /// <exception cref="ArgumentException">The kind is not one of <see cref="KnownKinds"/>.</exception>
    public static IServiceProbe Create(string kind, TimeProvider time) => Create(kind, time, CommandRunner.Instance);

    /// <summary>Creates a probe using the given runner for external tools.</summary>
    public static IServiceProbe Create(string kind, TimeProvider time, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(runner);
        return kind.Trim().ToLowerInvariant() switch
        {
            "redis" => new RedisProbe(time),
            "memcached" => new MemcachedProbe(time),
            "dprgen" => new DprgenProbe(time),
            "sockperf" => new SockperfProbe(time, runner),
            "iperf3" => new Iperf3Probe(time, runner),
            _ => throw new ArgumentException(
                $"Unknown probe kind '{kind}'. Known kinds: {string.Join(", ", KnownKinds)}.", nameof(kind)),
        };
    }
}
