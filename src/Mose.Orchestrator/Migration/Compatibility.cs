using Mose.Contracts.Agent;
using Mose.Core.Migration;

namespace Mose.Orchestrator.Migration;

/// <summary>Checks, before anything is frozen, that the destination can run what the source dumps.</summary>
public static class Compatibility
{
    /// <summary>Every reason the destination cannot take a service from the source; empty when it can.</summary>
    public static IReadOnlyList<string> Check(HostInfo source, HostInfo destination)
    {
        var problems = new List<string>();
        if (!destination.TcpEstablished)
        {
            problems.Add($"{destination.Name} cannot restore TCP connections (CRIU {destination.CriuVersion}); " +
                "see mose doctor");
        }

        if (Major(source.CriuVersion) != Major(destination.CriuVersion))
        {
            problems.Add($"CRIU versions differ in major version: {source.Name} has {source.CriuVersion}, " +
                $"{destination.Name} has {destination.CriuVersion}");
        }

        // A restored process keeps using the instructions it chose at start-up (glibc picks AVX variants
        // once), so the destination must offer every CPU feature the source has.
        var missing = source.CpuFlags.Except(destination.CpuFlags, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{destination.Name} lacks CPU features of {source.Name}: {string.Join(" ", missing.Take(12))}");
        }

        return problems;
    }

    /// <summary>Why the source cannot run <paramref name="strategy"/> as it is; empty when it can.</summary>
    public static IReadOnlyList<string> CheckStrategy(HostInfo source, string strategy)
    {
        // An agent that lists no strategies predates them and migrates cold only.
        var offered = source.Strategies.Count > 0 ? source.Strategies.ToList() : [MigrationStrategies.Cold];
        if (offered.Contains(strategy, StringComparer.Ordinal))
        {
            return [];
        }

        var notes = source.StrategyNotes.Count > 0 ? $" ({string.Join("; ", source.StrategyNotes)})" : "";
        return [$"{source.Name} cannot run strategy {strategy}{notes}; it offers {string.Join(", ", offered)}"];
    }

    private static string Major(string version) => version.Split('.')[0];
}
