namespace Mose.Network.Lab;

/// <summary>
/// The embedded lab: a core router, edge hosts and a mobile client (ue), each a network namespace,
/// joined by veth links shaped with tbf. Services live in 10.200.0.0/24.
/// </summary>
public sealed class LabTopology(IpTool ip)
{
    /// <summary>Name of the core router's namespace.</summary>
    public static string CoreNetns => $"{Core.MosePaths.LabName}-core";

    /// <summary>The service subnet; each service gets one stable /32 from it.</summary>
    public const string ServicePrefix = "10.200.0.";

    /// <summary>Edge hosts and the client, in a stable order.</summary>
    public static IReadOnlyList<LabHost> Hosts { get; } =
        [new("edge1", 1), new("edge2", 2), new("edge3", 3), new("ue", 9)];

    /// <summary>Only the edges (hosts that run services).</summary>
    public static IEnumerable<LabHost> Edges => Hosts.Where(h => h.Name != "ue");

    /// <summary>The client host.</summary>
    public static LabHost Client => Hosts.Single(h => h.Name == "ue");

    /// <summary>Finds a lab host by name, or null.</summary>
    public static LabHost? Find(string name) => Hosts.FirstOrDefault(h => h.Name == name);

    /// <summary>True when every namespace and link of the lab exists.</summary>
    public static bool IsUp() =>
        IpTool.NetnsExists(CoreNetns) && Hosts.All(h => IpTool.NetnsExists(h.Netns));

    /// <summary>Builds the lab, or repairs a partial one. Rate like "1gbit".</summary>
    public async Task UpAsync(string rate, CancellationToken cancellationToken)
    {
        if (IsUp())
        {
            // An existing lab keeps its links but takes the rate asked for now.
            await ShapeLinksAsync(rate, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A half-built lab (an interrupted earlier run) is removed first, so every run starts clean.
        await DownAsync(cancellationToken).ConfigureAwait(false);
        await AddNamespaceAsync(CoreNetns, cancellationToken).ConfigureAwait(false);
        foreach (var host in Hosts)
        {
            await AddNamespaceAsync(host.Netns, cancellationToken).ConfigureAwait(false);
            await LinkAsync(host, rate, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every namespace of this lab: its name and a dash start the names of lab hosts and of
    /// service namespaces (which agents name after their host's namespace).
    /// Deleting a namespace removes its veth ends, routes and qdiscs with it.</summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        var result = await ip.Ip(["netns", "list"], cancellationToken).ConfigureAwait(false);
        var names = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith($"{Core.MosePaths.LabName}-", StringComparison.Ordinal));
        foreach (var name in names)
        {
            await ip.DeleteNetnsAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Points the core's route for a service IP at a host: the "flow" that follows a service.</summary>
    public Task RouteServiceAsync(string address, LabHost host, CancellationToken cancellationToken) =>
        ip.Ip(["-n", CoreNetns, "route", "replace", $"{address}/32", "via", host.Address], cancellationToken);

    /// <summary>Removes the core's route for a service IP, if there is one (the service was removed).</summary>
    public Task UnrouteServiceAsync(string address, CancellationToken cancellationToken) =>
        ip.Ip(["-n", CoreNetns, "route", "del", $"{address}/32"], cancellationToken, check: false);

    private async Task AddNamespaceAsync(string netns, CancellationToken cancellationToken)
    {
        await ip.Ip(["netns", "add", netns], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["-n", netns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
        await ip.InNetns(netns, "sysctl", ["-qw", "net.ipv4.ip_forward=1"], cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task LinkAsync(LabHost host, string rate, CancellationToken cancellationToken)
    {
        await ip.Ip(["link", "add", host.CoreInterface, "netns", CoreNetns, "type", "veth",
            "peer", "name", "uplink", "netns", host.Netns], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["-n", CoreNetns, "addr", "add", $"{host.CoreAddress}/24", "dev", host.CoreInterface],
            cancellationToken).ConfigureAwait(false);
        await ip.Ip(["-n", CoreNetns, "link", "set", host.CoreInterface, "up"], cancellationToken)
            .ConfigureAwait(false);
        await ip.Ip(["-n", host.Netns, "addr", "add", $"{host.Address}/24", "dev", "uplink"], cancellationToken)
            .ConfigureAwait(false);
        await ip.Ip(["-n", host.Netns, "link", "set", "uplink", "up"], cancellationToken).ConfigureAwait(false);
        await ip.Ip(["-n", host.Netns, "route", "add", "default", "via", host.CoreAddress], cancellationToken)
            .ConfigureAwait(false);
        await ShapeLinkAsync(host, rate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets every link of a lab that is up to a new rate, in place.</summary>
    public async Task ShapeLinksAsync(string rate, CancellationToken cancellationToken)
    {
        foreach (var host in Hosts)
        {
            await ShapeLinkAsync(host, rate, cancellationToken).ConfigureAwait(false);
        }
    }

    // Both ends, so the rate holds in each direction.
    private async Task ShapeLinkAsync(LabHost host, string rate, CancellationToken cancellationToken)
    {
        await ShapeAsync(CoreNetns, host.CoreInterface, rate, cancellationToken).ConfigureAwait(false);
        await ShapeAsync(host.Netns, "uplink", rate, cancellationToken).ConfigureAwait(false);
    }

    // veth hands tbf GSO super-packets of up to 64 KiB, so the bucket must hold more than one of them.
    private Task ShapeAsync(string netns, string device, string rate, CancellationToken cancellationToken) =>
        ip.Tc(["-n", netns, "qdisc", "replace", "dev", device, "root", "tbf", "rate", rate,
            "burst", "1mb", "latency", "50ms"], cancellationToken);
}
