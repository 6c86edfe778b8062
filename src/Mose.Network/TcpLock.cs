namespace Mose.Network;

/// <summary>
/// Turns away incoming TCP in a service's namespace while its sockets are not live. On the source it keeps
/// the client's retransmissions away from a frozen or dumped socket; on the destination it stops the new
/// kernel from answering with a reset before CRIU has restored the socket (runc sets up no network lock
/// for a namespace given by path).
/// </summary>
/// <remarks>
/// Segments are rejected with ICMP host-unreachable rather than dropped silently. For an established
/// connection that is a soft error (the connection stays), and the client's kernel takes it as a sign of a
/// connectivity disruption, not congestion: it undoes one step of its retransmission backoff per ICMP
/// (RFC 6069). The client so keeps retrying every ~200 ms instead of waiting 0.4, 0.8, 1.6 s, and reaches
/// the restored socket soon after the lock lifts. ICMP rate limiting is off in service namespaces for this.
/// </remarks>
public sealed class TcpLock(IpTool ip)
{
    private static readonly string[] Reject =
        ["INPUT", "-p", "tcp", "-j", "REJECT", "--reject-with", "icmp-host-unreachable"];

    // The plain lock a script would use; only for baseline measurements.
    private static readonly string[] Drop = ["INPUT", "-p", "tcp", "-j", "DROP"];

    /// <summary>Adds the rule (with <paramref name="silent"/>, the baseline's plain DROP). Callers lock a
    /// namespace once; a second rule would be harmless.</summary>
    public Task LockAsync(string netns, CancellationToken cancellationToken, bool silent = false) =>
        ip.InNetns(netns, "iptables", ["-w", "-I", .. silent ? Drop : Reject], cancellationToken);

    /// <summary>Removes the rule once (callers add it once); a namespace that is not locked is left as it is.
    /// One call, not a loop until none is left: clients wait on every process started here.</summary>
    public Task UnlockAsync(string netns, CancellationToken cancellationToken, bool silent = false) =>
        ip.InNetns(netns, "iptables", ["-w", "-D", .. silent ? Drop : Reject], cancellationToken, check: false);

    /// <summary>Removes either kind of rule; for rollback, where which one was used is not known.</summary>
    public async Task UnlockAnyAsync(string netns, CancellationToken cancellationToken)
    {
        await UnlockAsync(netns, cancellationToken).ConfigureAwait(false);
        await UnlockAsync(netns, cancellationToken, silent: true).ConfigureAwait(false);
    }

    /// <summary>True when the rule is present.</summary>
    public async Task<bool> IsLockedAsync(string netns, CancellationToken cancellationToken)
    {
        var result = await ip.InNetns(netns, "iptables", ["-w", "-C", .. Reject], cancellationToken, check: false)
            .ConfigureAwait(false);
        return result.ExitCode == 0;
    }
}
