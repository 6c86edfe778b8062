using Grpc.Core;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Bench;

/// <summary>Lab set-up shared by the demo and the benchmarks.</summary>
public static class LabSession
{
    /// <summary>Brings the lab up and deploys a fresh service (an old one of that name is removed first).</summary>
    public static async Task<ServicePlacement> FreshServiceAsync(string kind, string name, string host,
        Action<string> say, CancellationToken cancellationToken)
    {
        await new LabController(say).UpAsync("1gbit", cancellationToken).ConfigureAwait(false);
        var orchestrator = LabController.Orchestrator();
        try
        {
            await orchestrator.RemoveAsync(new RemoveServiceRequest { Name = name }, cancellationToken: cancellationToken);
            say($"removed the previous {name}");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Nothing to remove.
        }

        say($"deploying {kind} as '{name}' on {host}");
        return await orchestrator.DeployAsync(new DeployServiceRequest { Kind = kind, Name = name, Host = host },
            cancellationToken: cancellationToken);
    }
}
