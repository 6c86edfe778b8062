namespace Mose.Core.Migration;

/// <summary>The ways Mose can move a service's memory.</summary>
public static class MigrationStrategies
{
    /// <summary>Stop and copy: freeze, dump everything, send it, restore.</summary>
    public const string Cold = "cold";

    /// <summary>Mose's iterative pre-copy: rounds read the live memory through /proc and send what the
    /// destination lacks; no kernel dirty tracking needed.</summary>
    public const string PreCopy = "precopy";

    /// <summary>CRIU's own pre-copy (a chain of <c>runc checkpoint --pre-dump</c>); needs soft-dirty bits.</summary>
    public const string CriuPreDump = "criu-predump";

    /// <summary>Every strategy, in the order they are documented.</summary>
    public static IReadOnlyList<string> All { get; } = [Cold, PreCopy, CriuPreDump];

    /// <summary>True for strategies with pre-copy rounds.</summary>
    public static bool HasRounds(string strategy) => strategy is PreCopy or CriuPreDump;

    /// <summary>The strategy a request names; empty means <see cref="Cold"/>. Null when unknown.</summary>
    public static string? Normalize(string? strategy) =>
        string.IsNullOrEmpty(strategy) ? Cold : All.Contains(strategy, StringComparer.Ordinal) ? strategy : null;
}
