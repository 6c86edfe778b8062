using Grpc.Core;
using Mose.Contracts.Orchestrator;
using Mose.Network.Lab;

namespace Mose.Cli.Lab;

/// <summary>After the lab's links were reshaped: every edge-to-edge link measured again, so the designer
/// does not plan with a bandwidth the links no longer have.</summary>
public static class LabLinks
{
    private const double Seconds = 0.3;

    public static async Task MeasureAllAsync(Action<string> say, CancellationToken cancellationToken)
    {
        var measured = new List<string>();
        foreach (var from in LabTopology.Edges)
        {
            foreach (var to in LabTopology.Edges.Where(e => e != from))
            {
                try
                {
                    var reply = await LabController.Orchestrator().MeasureLinkAsync(
                        new LinkRequest { Source = from.Name, Destination = to.Name, Seconds = Seconds },
                        cancellationToken: cancellationToken);
                    measured.Add($"{from.Name}→{to.Name} {reply.BitsPerSecond / 1e6:F0}");
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    say($"warning: {from.Name}→{to.Name} could not be measured again ({e.Status.Detail}); " +
                        "`./mose link` measures it, and the designer measures it itself within 5 min");
                }
            }
        }

        say($"links measured again (Mbit/s): {string.Join(", ", measured)}");
    }
}
