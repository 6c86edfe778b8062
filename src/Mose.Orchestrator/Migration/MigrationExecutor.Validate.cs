using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Orchestrator.Registry;

namespace Mose.Orchestrator.Migration;

/// <summary>The request's own problems, all of them, before any host is asked.</summary>
public sealed partial class MigrationExecutor
{
    private List<string> Validate(MigrateRequest request, Placement? service)
    {
        var problems = new List<string>();
        if (service is null)
        {
            var known = registry.All().Select(s => s.Name).ToList();
            problems.Add($"unknown service '{request.Service}'; known services: " +
                (known.Count == 0 ? "none (deploy one first)" : string.Join(", ", known)));
        }

        if (!agents.Contains(request.Destination))
        {
            problems.Add($"unknown host '{request.Destination}'; known hosts: {string.Join(", ", agents.Hosts)}");
        }
        else if (service is not null && service.Host == request.Destination)
        {
            problems.Add($"service '{request.Service}' already runs on {request.Destination}");
        }

        if (MigrationStrategies.Normalize(request.Strategy) is null)
        {
            problems.Add($"unknown strategy '{request.Strategy}'; known strategies: " +
                string.Join(", ", MigrationStrategies.All));
        }

        if (MigrationStrategies.Normalize(request.Strategy) == MigrationStrategies.Cold
            && (request.MaxRounds != 0 || request.TimeBudgetMs != 0))
        {
            problems.Add("rounds and a time budget apply only to pre-copy (--strategy precopy or criu-predump)");
        }

        if (request.MaxRounds is < 0 or > PreCopyPolicy.MaxRoundsLimit)
        {
            problems.Add($"rounds {request.MaxRounds} out of range: use 1 to {PreCopyPolicy.MaxRoundsLimit}");
        }

        if (request.TimeBudgetMs is < 0 or > 3_600_000 || double.IsNaN(request.TimeBudgetMs))
        {
            problems.Add($"time budget {request.TimeBudgetMs} ms out of range: use up to one hour");
        }

        // Below 1 Mbit/s even a small service's state takes minutes while the service is frozen.
        if (request.BandwidthBps is < 0 or > 0 and < MinBandwidthBps)
        {
            problems.Add($"bandwidth {request.BandwidthBps} bit/s is out of range: use 0 (no cap) or at least 1 Mbit/s");
        }

        return problems;
    }
}
