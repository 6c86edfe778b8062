using System.Globalization;

namespace Mose.Cli.Bench;

/// <summary>A service the designer benchmark gives its tasks to.</summary>
/// <param name="Kind">dprgen, redis or sockperf.</param>
/// <param name="StateMb">dprgen's state (0 for the others).</param>
/// <param name="Rate">dprgen's pages rewritten per second.</param>
/// <param name="Hard">Also run the hard infeasible task (f) on it.</param>
public sealed record DesignerService(string Kind, int StateMb = 0, int Rate = 0, bool Hard = false)
{
    /// <summary>Keys redis is filled with, of <see cref="RedisValueBytes"/> each: about 50 MB.</summary>
    public const int RedisKeys = 50_000, RedisValueBytes = 1000;

    /// <summary>issue 4's sweep: dprgen at several sizes and rates, redis and sockperf.</summary>
    public static IReadOnlyList<DesignerService> Sweep { get; } =
    [
        new("dprgen", 64, 0), new("dprgen", 64, 2000, Hard: true), new("dprgen", 256, 500),
        new("dprgen", 256, 2000), new("dprgen", 512, 5000), new("redis", Hard: true), new("sockperf"),
    ];

    /// <summary>"dprgen 256MB/2000", "redis 50MB".</summary>
    public string Label => Kind switch
    {
        "dprgen" => string.Create(CultureInfo.InvariantCulture, $"dprgen {StateMb}MB/{Rate}"),
        "redis" => $"redis {RedisKeys * (long)RedisValueBytes / 1_000_000}MB",
        _ => Kind,
    };

    /// <summary>The service's name in the lab (at most 12 characters).</summary>
    public string Name => Kind == "dprgen"
        ? string.Create(CultureInfo.InvariantCulture, $"bd-d{StateMb}-{Rate}")
        : $"bd-{Kind}";

    /// <summary>The tasks it runs, in order.</summary>
    public IEnumerable<DesignerTaskKind> Tasks =>
        Enum.GetValues<DesignerTaskKind>().Where(k => Hard || k != DesignerTaskKind.InfeasibleHard);
}
