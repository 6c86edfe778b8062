namespace Mose.Network;

/// <summary>
/// Freezes a service namespace's TCP while its sockets are not live, in both directions. Incoming segments
/// are turned away: on the source they must not reach a frozen or dumped socket; on the destination the new
/// kernel must not answer them with a reset before CRIU has restored the socket (runc sets up no network
/// lock for a namespace given by path). Outgoing segments are dropped: a frozen socket's kernel still
/// retransmits, and a client that saw a TCP timestamp newer than the one CRIU dumped would discard the
/// restored socket's first segments as old (PAWS) until its clock caught up, about a second later.
/// </summary>
/// <remarks>
/// Incoming segments are rejected with ICMP host-unreachable rather than dropped silently. For an
/// established connection that is a soft error (the connection stays), and the client's kernel takes it as a
/// connectivity disruption, not congestion: it undoes one step of its retransmission backoff per ICMP
/// (RFC 6069). The client so keeps retrying every ~200 ms instead of waiting 0.4, 0.8, 1.6 s. ICMP rate
/// limiting is off in service namespaces for this. Both rules go in with one iptables-restore call.
/// </remarks>
public sealed class TcpLock(IpTool ip)
{
    private const string Reject = "INPUT -p tcp -j REJECT --reject-with icmp-host-unreachable";

    // The plain lock a script would use; only for baseline measurements.
    private const string Drop = "INPUT -p tcp -j DROP";

    private const string Outgoing = "OUTPUT -p tcp -j DROP";

    private static readonly Lazy<string> RuleDirectory = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"mose-tcplock-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        return dir;
    });

    /// <summary>Adds the rules (with <paramref name="silent"/>, the baseline's plain DROP for incoming).
    /// Callers lock a namespace once.</summary>
    public Task LockAsync(string netns, CancellationToken cancellationToken, bool silent = false) =>
        ip.InNetns(netns, "iptables-restore", ["-w", "5", "--noflush", RuleFile("-I", silent)], cancellationToken);

    /// <summary>Removes the rules; a namespace that is not locked this way is left as it is.</summary>
    public Task UnlockAsync(string netns, CancellationToken cancellationToken, bool silent = false) =>
        ip.InNetns(netns, "iptables-restore", ["-w", "5", "--noflush", RuleFile("-D", silent)], cancellationToken,
            check: false);

    /// <summary>Removes either kind of lock; for rollback, where which one was used is not known.</summary>
    public async Task UnlockAnyAsync(string netns, CancellationToken cancellationToken)
    {
        await UnlockAsync(netns, cancellationToken).ConfigureAwait(false);
        await UnlockAsync(netns, cancellationToken, silent: true).ConfigureAwait(false);
    }

    // iptables-restore applies a file's rules in one transaction: both directions change at the same moment.
    private static string RuleFile(string action, bool silent)
    {
        var path = Path.Combine(RuleDirectory.Value, $"{(silent ? "drop" : "reject")}{action}.rules");
        if (!File.Exists(path))
        {
            var incoming = silent ? Drop : Reject;
            File.WriteAllText(path + ".tmp", $"*filter\n{action} {incoming}\n{action} {Outgoing}\nCOMMIT\n");
            File.Move(path + ".tmp", path, overwrite: true);
        }

        return path;
    }
}
