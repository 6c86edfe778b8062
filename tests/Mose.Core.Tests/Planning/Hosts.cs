using Mose.Core.Migration;
using Mose.Core.Planning;

namespace Mose.Core.Tests.Planning;

/// <summary>Model inputs the planning tests share: default constants and a 1 Gbit/s link.</summary>
internal static class Hosts
{
    public const long Gbit = 1_000_000_000;

    public static ModelContext Lab { get; } = new(HostConstants.Defaults, HostConstants.Defaults, Gbit);

    public static IReadOnlyCollection<string> Both { get; } = [MigrationStrategies.Cold, MigrationStrategies.PreCopy];

    public static ServiceLoad Dprgen(int mib, double rate) => new(mib * 1048576L, rate);
}
