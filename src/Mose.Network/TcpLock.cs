namespace Mose.Network;

/// <summary>
/// Drops incoming TCP in a service's namespace while its sockets are not live. On the source it keeps
/// the client's retransmissions away from a frozen or dumped socket; on the destination it stops the new
/// kernel from answering with a reset before CRIU has restored the socket (runc sets up no network lock
/// for a namespace given by path). Dropped segments are retransmitted by the client.
/// </summary>
public sealed class TcpLock(IpTool ip)
{
    private static readonly string[] Rule = ["INPUT", "-p", "tcp", "-j", "DROP"];

    /// <summary>Adds the drop rule (idempotent).</summary>
    public async Task LockAsync(string netns, CancellationToken cancellationToken)
    {
        if (!await IsLockedAsync(netns, cancellationToken).ConfigureAwait(false))
        {
            await ip.InNetns(netns, "iptables", ["-w", "-I", .. Rule], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the drop rule if present.</summary>
    public async Task UnlockAsync(string netns, CancellationToken cancellationToken)
    {
        while (await IsLockedAsync(netns, cancellationToken).ConfigureAwait(false))
        {
            await ip.InNetns(netns, "iptables", ["-w", "-D", .. Rule], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the drop rule is present.</summary>
    public async Task<bool> IsLockedAsync(string netns, CancellationToken cancellationToken)
    {
        var result = await ip.InNetns(netns, "iptables", ["-w", "-C", .. Rule], cancellationToken, check: false)
            .ConfigureAwait(false);
        return result.ExitCode == 0;
    }
}
