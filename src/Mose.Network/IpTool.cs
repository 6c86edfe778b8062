using Mose.Core.Processes;

namespace Mose.Network;

/// <summary>Thin wrapper over iproute2, iptables and nsenter with the timeouts Mose uses.</summary>
public sealed class IpTool(ICommandRunner runner)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs `ip` with the given arguments.</summary>
    public Task<CommandResult> Ip(IReadOnlyList<string> args, CancellationToken cancellationToken,
        bool check = true) =>
        runner.RunAsync("ip", args, Timeout, check, cancellationToken);

    /// <summary>Runs a program inside a named network namespace without a new mount namespace (faster
    /// than `ip netns exec`, which also remounts /sys).</summary>
    public Task<CommandResult> InNetns(string netns, string program, IReadOnlyList<string> args,
        CancellationToken cancellationToken, bool check = true) =>
        runner.RunAsync("nsenter", [$"--net={NetnsPath(netns)}", "--", program, .. args], Timeout, check,
            cancellationToken);

    /// <summary>Sets sysctls ("key=value") in the current namespace.</summary>
    public Task<CommandResult> Sysctl(IReadOnlyList<string> settings, CancellationToken cancellationToken) =>
        runner.RunAsync("sysctl", ["-qw", .. settings], Timeout, check: true, cancellationToken);

    /// <summary>Runs tc with the given arguments.</summary>
    public Task<CommandResult> Tc(IReadOnlyList<string> args, CancellationToken cancellationToken,
        bool check = true) =>
        runner.RunAsync("tc", args, Timeout, check, cancellationToken);

    /// <summary>True when a named network namespace exists.</summary>
    public static bool NetnsExists(string netns) => File.Exists(NetnsPath(netns));

    /// <summary>The bind-mount path of a named network namespace.</summary>
    public static string NetnsPath(string netns) => $"/run/netns/{netns}";

    /// <summary>Sends SIGKILL to every process in a named namespace (none if it does not exist).</summary>
    public async Task KillProcessesInAsync(string netns, CancellationToken cancellationToken)
    {
        if (!NetnsExists(netns))
        {
            return;
        }

        var pids = await Ip(["netns", "pids", netns], cancellationToken, check: false).ConfigureAwait(false);
        var list = pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length > 0)
        {
            await runner.RunAsync("kill", ["-KILL", .. list], Timeout, check: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a named namespace if it exists.</summary>
    public async Task DeleteNetnsAsync(string netns, CancellationToken cancellationToken)
    {
        if (NetnsExists(netns))
        {
            await Ip(["netns", "delete", netns], cancellationToken).ConfigureAwait(false);
        }
    }
}
