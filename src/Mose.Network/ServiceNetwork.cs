using System.Net;

namespace Mose.Network;

/// <summary>
/// A service's network identity on one host: its own namespace holding the service IP (/32), joined to
/// the host by a veth pair. The host side answers as gateway 169.254.1.1 and routes the IP to the pair.
/// The same IP can exist on two hosts at once; the core route decides which one clients reach.
/// </summary>
public sealed class ServiceNetwork(IpTool ip, string netnsPrefix)
{
    /// <summary>Link-local gateway address every service namespace uses.</summary>
    public const string Gateway = "169.254.1.1";

    /// <summary>The namespace name of a service on this host.</summary>
    public string NetnsName(string service) => $"{netnsPrefix}-{service}";

    /// <summary>The host-side interface name (interface names are limited to 15 bytes).</summary>
    public static string HostInterface(string service) => $"s-{service}";

    /// <summary>Creates the namespace with the IP. With <paramref name="locked"/> incoming TCP is dropped
    /// from the first moment the IP exists.</summary>
    public async Task CreateAsync(string service, IPAddress address, bool locked, TcpLock tcpLock,
        CancellationToken cancellationToken)
    {
        var ns = NetnsName(service);
        var hostIf = HostInterface(service);
        await DeleteAsync(service, cancellationToken).ConfigureAwait(false);
        await ip.Ip(["netns", "add", ns], cancellationToken).ConfigureAwait(false);

        // The lock answers with ICMP (see TcpLock); the default limit of one per second would mute it.
        await ip.InNetns(ns, "sysctl", ["-qw", "net.ipv4.icmp_ratelimit=0"], cancellationToken).ConfigureAwait(false);
        if (locked)
        {
            await tcpLock.LockAsync(ns, cancellationToken).ConfigureAwait(false);
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
    }

    /// <summary>Removes the namespace and the host side of the pair; missing parts are ignored.</summary>
    public async Task DeleteAsync(string service, CancellationToken cancellationToken)
    {
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
