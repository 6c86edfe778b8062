using Mose.Contracts.Agent;
using Mose.Runtime.Probe;

namespace Mose.Agent;

/// <summary>The agent's probed capabilities, measured once at first use (the deep TCP test takes a second).</summary>
public sealed class HostCapabilities(AgentOptions options, HostProber prober)
{
    private readonly Lazy<Task<HostReport>> _report =
        new(() => prober.ProbeAsync(deep: true, CancellationToken.None));

    /// <summary>The probe report.</summary>
    public Task<HostReport> ReportAsync() => _report.Value;

    /// <summary>The host description the orchestrator sees.</summary>
    public async Task<HostInfo> DescribeAsync(CancellationToken cancellationToken)
    {
        var report = await _report.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new HostInfo
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
    }
}
