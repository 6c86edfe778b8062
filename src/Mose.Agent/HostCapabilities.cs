using Mose.Contracts.Agent;
using Mose.Core.Migration;
using Mose.Runtime.Probe;
using Mose.Transfer.Chunks;

namespace Mose.Agent;

/// <summary>The agent's probed capabilities, measured once at first use (the deep TCP test takes a second).</summary>
public sealed class HostCapabilities(AgentOptions options, HostProber prober, ChunkStore store)
{
    private readonly Lazy<Task<HostReport>> _report =
        new(() => prober.ProbeAsync(deep: true, CancellationToken.None));

    /// <summary>The probe report.</summary>
    public Task<HostReport> ReportAsync() => _report.Value;

    /// <summary>The host description the orchestrator sees.</summary>
    public async Task<HostInfo> DescribeAsync(CancellationToken cancellationToken)
    {
        var report = await _report.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var info = new HostInfo
        {
            Name = options.Name,
            DataAddress = options.DataAddress,
            CriuVersion = report.CriuVersion,
            RuncVersion = report.RuncVersion,
            TcpEstablished = report.Has(HostProber.TcpEstablished),
            DirtyTracking = report.Has(HostProber.DirtyTracking),
            FreeBytes = report.FreeBytes,
            Kernel = report.Kernel,
            CpuFlags = { report.CpuFlags },
        };
        foreach (var (strategy, capability) in Requirements)
        {
            var found = report.Capabilities.FirstOrDefault(c => c.Name == capability);
            if (capability is null || found is { Available: true })
            {
                info.Strategies.Add(strategy);
            }
            else
            {
                info.StrategyNotes.Add($"{strategy} needs {capability}: {found?.Detail ?? "not probed"}");
            }
        }

        info.ChunkStoreBytes = store.Bytes;
        info.ChunkStoreChunks = store.Count;
        return info;
    }

    // What each strategy needs from the source host beyond a working CRIU.
    private static readonly (string Strategy, string? Capability)[] Requirements =
    [
        (MigrationStrategies.Cold, null),
        (MigrationStrategies.PreCopy, HostProber.LiveMemoryRead),
        (MigrationStrategies.CriuPreDump, HostProber.DirtyTracking),
    ];
}
