using System.Net;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Network;
using Mose.Network.Lab;

namespace Mose.Cli.Client;

/// <summary>Looks services up through the orchestrator, for client-side commands that run in `ue`.</summary>
public static class LabServices
{
    /// <summary>The client's namespace in the lab.</summary>
    public static string ClientNetns => IpTool.NetnsPath(LabTopology.Client.Netns);

    /// <summary>A service's placement, or a usage error listing the known services.</summary>
    public static async Task<ServicePlacement> FindAsync(string name, CancellationToken cancellationToken)
    {
        var status = await LabController.Orchestrator().StatusAsync(new(), cancellationToken: cancellationToken);
        return status.Services.FirstOrDefault(s => s.Name == name)
            ?? throw new UserException($"unknown service '{name}'; known services: " +
                (status.Services.Count == 0 ? "none (deploy one with ./mose lab deploy)"
                    : string.Join(", ", status.Services.Select(s => s.Name))));
    }

    /// <summary>The service's address.</summary>
    public static IPAddress Address(ServicePlacement placement) => IPAddress.Parse(placement.Ip);
}
