using System.Net;

namespace Mose.Network;

/// <summary>
/// A service's network identity on one host: its own namespace holding the service IP (/32), joined to
/// the host by a veth pair. The host side answers as gateway 169.254.1.1 and routes the IP to the pair.
/// The same IP can exist on two hosts at once; the core route decides which one clients reach.
/// </summary>
public sealed class ServiceNetwork(IpTool ip, string netnsPrefix)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _serviceMacs = new();

    /// <summary>Link-local gateway address every service namespace uses.</summary>
    public const string Gateway = "169.254.1.1";

    /// <summary>The namespace name of a service on this host.</summary>
    public string NetnsName(string service) => $"{netnsPrefix}-{service}";

    /// <summary>The host-side interface name (interface names are limited to 15 bytes).</summary>
    public static string HostInterface(string service) => $"s-{service}";

    /// <summary>Creates the namespace with the IP. With <paramref name="locked"/> it is created held (see
    /// <see cref="HoldAsync"/>) and TCP-locked from the first moment the IP exists.</summary>
    public async Task CreateAsync(string service, IPAddress address, bool locked, TcpLock tcpLock,
        CancellationToken cancellationToken, bool baseline = false)
    {
        var ns = NetnsName(service);
        var hostIf = HostInterface(service);
        await DeleteAsync(service, cancellationToken).ConfigureAwait(false);
        await ip.Ip(["netns", "add", ns], cancellationToken).ConfigureAwait(false);

        // The lock answers with ICMP (see TcpLock); the default limit of one per second would mute it.
        await ip.InNetns(ns, "sysctl", ["-qw", "net.ipv4.icmp_ratelimit=0"], cancellationToken).ConfigureAwait(false);
        if (locked)
        {
            await tcpLock.LockAsync(ns, cancellationToken, silent: baseline).ConfigureAwait(false);
        }

        await ip.Ip(["-n", ns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["link", "add", hostIf, "type", "veth", "peer", "name", "eth0", "netns", ns], cancellationToken)
            .ConfigureAwait(false);
        await ip.Ip(["-n", ns, "addr", "add", $"{address}/32", "dev", "eth0"], cancellationToken)
            .ConfigureAwait(false);
        await ip.Ip(["-n", ns, "link", "set", "eth0", "up"], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["-n", ns, "route", "add", Gateway, "dev", "eth0"], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["-n", ns, "route", "add", "default", "via", Gateway], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["addr", "add", $"{Gateway}/32", "dev", hostIf], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["link", "set", hostIf, "up"], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["route", "replace", $"{address}/32", "dev", hostIf], cancellationToken).ConfigureAwait(false);
        if (locked && !baseline)
        {
            await HoldAsync(service, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Holds packets for the service on this host instead of losing them: the service side stops answering
    /// ARP, so the host queues whatever arrives for the IP in its neighbour entry (kept unresolved for up to
    /// 30 s). A client's retransmission that reaches this host during a restore thus waits here and is
    /// delivered the moment <see cref="ReleaseAsync"/> runs, instead of waiting for the client's next
    /// retransmission timeout. (This kernel has no plug qdisc, the usual tool for it.)
    /// </summary>
    public async Task HoldAsync(string service, CancellationToken cancellationToken)
    {
        var hostIf = HostInterface(service);
        var ns = NetnsName(service);
        await ip.InNetns(ns, "sysctl", ["-qw", "net.ipv4.conf.eth0.arp_ignore=8"], cancellationToken)
            .ConfigureAwait(false);

        // The host learns the service's MAC from any ARP request the service sends, which would release
        // the queue too early (while TCP is still locked): give the service its gateway's MAC for good.
        var link = await ip.Ip(["-o", "link", "show", hostIf], cancellationToken).ConfigureAwait(false);
        var gatewayMac = ParseMac(link.StandardOutput)
            ?? throw new InvalidOperationException($"no MAC address for {hostIf}: {link.StandardOutput.Trim()}");
        await ip.Ip(["-n", ns, "neigh", "replace", Gateway, "lladdr", gatewayMac, "dev", "eth0", "nud", "permanent"],
            cancellationToken).ConfigureAwait(false);
        await ip.Sysctl([$"net.ipv4.neigh.{hostIf}.mcast_solicit=30", $"net.ipv4.neigh.{hostIf}.retrans_time_ms=1000"],
            cancellationToken).ConfigureAwait(false);
        await ip.Ip(["neigh", "flush", "dev", hostIf], cancellationToken, check: false).ConfigureAwait(false);
        _serviceMacs[service] = await ServiceMacAsync(ns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends <see cref="HoldAsync"/>: the service answers ARP again and the host learns its address at
    /// once, which sends every packet queued meanwhile.</summary>
    public async Task ReleaseAsync(string service, IPAddress address, CancellationToken cancellationToken)
    {
        // Every call here delays the held packets, so the MAC read at hold time is used when there is one.
        var ns = NetnsName(service);
        var mac = _serviceMacs.TryGetValue(service, out var known) ? known : await ServiceMacAsync(ns, cancellationToken)
            .ConfigureAwait(false);
        await ip.Ip(["neigh", "replace", address.ToString(), "lladdr", mac, "dev", HostInterface(service),
            "nud", "reachable"], cancellationToken).ConfigureAwait(false);
        await ip.InNetns(ns, "sysctl", ["-qw", "net.ipv4.conf.eth0.arp_ignore=0"], cancellationToken)
            .ConfigureAwait(false);
        _serviceMacs.TryRemove(service, out _);
    }

    private async Task<string> ServiceMacAsync(string ns, CancellationToken cancellationToken)
    {
        var link = await ip.Ip(["-n", ns, "-o", "link", "show", "eth0"], cancellationToken).ConfigureAwait(false);
        return ParseMac(link.StandardOutput)
            ?? throw new InvalidOperationException($"no MAC address for eth0 in {ns}: {link.StandardOutput.Trim()}");
    }

    /// <summary>The MAC address in `ip -o link show` output, or null.</summary>
    public static string? ParseMac(string linkLine)
    {
        var parts = linkLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(parts, "link/ether");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    /// <summary>Removes the namespace and the host side of the pair; missing parts are ignored.</summary>
    public async Task DeleteAsync(string service, CancellationToken cancellationToken)
    {
        // A restore killed half-way can leave processes the runtime does not know; they must not outlive
        // the namespace (deleting it would not stop them).
        await ip.KillProcessesInAsync(NetnsName(service), cancellationToken).ConfigureAwait(false);
        await ip.Ip(["link", "delete", HostInterface(service)], cancellationToken, check: false)
            .ConfigureAwait(false);
        await ip.DeleteNetnsAsync(NetnsName(service), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the address answers on the host already (a service holds it here).</summary>
    public async Task<bool> IsAddressRoutedLocallyAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var result = await ip.Ip(["route", "show", $"{address}/32"], cancellationToken, check: false)
            .ConfigureAwait(false);
        return result.StandardOutput.Contains("dev s-", StringComparison.Ordinal);
    }
}
