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
        await new LabController(say).UpAsync(null, cancellationToken).ConfigureAwait(false);
        if (await RemoveIfPresentAsync(name, cancellationToken).ConfigureAwait(false))
        {
            say($"removed the previous {name}");
        }

        say($"deploying {kind} as '{name}' on {host}");
        return await LabController.Orchestrator().DeployAsync(new DeployServiceRequest { Kind = kind, Name = name, Host = host },
            cancellationToken: cancellationToken);
    }

    /// <summary>Removes a service if the orchestrator knows it; true when there was one.</summary>
    public static async Task<bool> RemoveIfPresentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await LabController.Orchestrator().RemoveAsync(new RemoveServiceRequest { Name = name },
                cancellationToken: cancellationToken);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }
}
