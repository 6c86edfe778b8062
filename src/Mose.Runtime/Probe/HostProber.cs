using Mose.Core.Processes;

namespace Mose.Runtime.Probe;

/// <summary>
/// Probes a host's migration capabilities with the real tools: CRIU's own checks, and a real dump of a
/// process holding an established TCP connection (CRIU builds exist that pass `criu check` yet cannot
/// dump TCP sockets on this kernel).
/// </summary>
public sealed class HostProber(ICommandRunner runner, string criuPath, string runcPath, string dataRoot)
{
    /// <summary>Capability names used across Mose.</summary>
    public const string CriuWorks = "criu", TcpEstablished = "tcp-established", DirtyTracking = "dirty-tracking",
        LazyPages = "lazy-pages", NetworkLock = "network-lock", Runc = "runc", LiveMemoryRead = "live-memory-read";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs every probe. With <paramref name="deep"/> the TCP dump test runs too (about a second).</summary>
    public async Task<HostReport> ProbeAsync(bool deep, CancellationToken cancellationToken)
    {
        var caps = new List<Capability>();
        var criuVersion = await VersionAsync(criuPath, ["--version"], "Version:", cancellationToken)
            .ConfigureAwait(false);
        var runcVersion = await VersionAsync(runcPath, ["--version"], "runc version", cancellationToken)
            .ConfigureAwait(false);
        caps.Add(new(Runc, runcVersion != "missing", runcVersion == "missing" ? $"{runcPath} not found" : runcVersion));

        var check = await TryRunAsync(criuPath, ["check"], cancellationToken).ConfigureAwait(false);
        var criuOk = check is { ExitCode: 0 };
        caps.Add(new(CriuWorks, criuOk, criuOk ? $"criu check passed ({criuPath})"
            : $"criu check failed: {Last(check)}; run scripts/setup.sh"));

        var dirty = await TryRunAsync(criuPath, ["check", "--feature", "mem_dirty_track"], cancellationToken)
            .ConfigureAwait(false);
        caps.Add(new(DirtyTracking, dirty is { ExitCode: 0 } && !Text(dirty).Contains("OFF", StringComparison.Ordinal),
            dirty is null ? "criu missing" : Last(dirty)));

        var uffd = await TryRunAsync(criuPath, ["check", "--feature", "uffd-noncoop"], cancellationToken)
            .ConfigureAwait(false);
        // CRIU's lazy-pages page server fails on this kernel family even where userfaultfd is present
        // ("page-pipe: splice: Bad file descriptor"), so this only says the kernel side exists.
        caps.Add(new(LazyPages, uffd is { ExitCode: 0 }, uffd is null ? "criu missing" : $"userfaultfd: {Last(uffd)}"));

        caps.Add(LiveReadTest.Run());

        var iptables = await TryRunAsync("iptables", ["--version"], cancellationToken).ConfigureAwait(false);
        caps.Add(new(NetworkLock, iptables is { ExitCode: 0 },
            iptables is { ExitCode: 0 } ? Last(iptables) : "iptables not installed"));

        if (deep && criuOk)
        {
            caps.Add(await new TcpDumpTest(runner, criuPath, dataRoot).RunAsync(cancellationToken).ConfigureAwait(false));
        }
        else
        {
            caps.Add(new(TcpEstablished, false, criuOk ? "not tested (quick probe)" : "criu does not work"));
        }

        var (model, flags) = ReadCpu();
        Directory.CreateDirectory(dataRoot);
        return new HostReport(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), criuVersion, runcVersion,
            new DriveInfo(dataRoot).AvailableFreeSpace, model, flags, caps);
    }

    private async Task<string> VersionAsync(string program, IReadOnlyList<string> args, string prefix,
        CancellationToken cancellationToken)
    {
        var result = await TryRunAsync(program, args, cancellationToken).ConfigureAwait(false);
        var line = result?.StandardOutput.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? "missing" : line[prefix.Length..].Trim();
    }

    private async Task<CommandResult?> TryRunAsync(string program, IReadOnlyList<string> args,
        CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(program, args, Timeout, check: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or CliWrap.Exceptions.CliWrapException)
        {
            return null;
        }
    }

    private static string Text(CommandResult? r) => r is null ? "" : r.StandardOutput + r.StandardError;

    private static string Last(CommandResult? r) =>
        Text(r).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault() ?? "";

    private static (string Model, IReadOnlyList<string> Flags) ReadCpu()
    {
        var lines = File.ReadLines("/proc/cpuinfo").ToList();
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "";
        return (Field("model name"), Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
