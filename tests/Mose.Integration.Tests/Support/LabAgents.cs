using Mose.Cli.Lab;
using Mose.Contracts;
using Mose.Contracts.Agent;
using AgentClient = Mose.Contracts.Agent.Agent.AgentClient;

namespace Mose.Integration.Tests.Support;

/// <summary>Asks the test lab's agents directly, past the orchestrator, what they hold.</summary>
public static class LabAgents
{
    public static readonly string[] Edges = ["edge1", "edge2", "edge3"];

    /// <summary>Every copy of the service any agent lists, as "host:state".</summary>
    public static async Task<IReadOnlyList<string>> CopiesAsync(string service, CancellationToken ct)
    {
        var copies = new List<string>();
        foreach (var host in Edges)
        {
            using var channel = Channels.Create($"unix:{LabPaths.AgentSocket(host)}");
            var list = await new AgentClient(channel).ListServicesAsync(new ListServicesRequest(),
                deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
            copies.AddRange(list.Services.Where(s => s.Spec.Name == service)
                .Select(s => $"{host}:{s.State}"));
        }

        return copies;
    }
}
