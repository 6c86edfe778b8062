using System.Diagnostics;
using Mose.Cli.Client;
using Mose.Cli.Commands;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;

namespace Mose.Cli.Bench;

/// <summary>Outcome of a return trip A→B→A of an idle service with pre-copy.</summary>
public sealed record ReturnTrip(int StateMb, long FirstBytes, long ReturnBytes, bool StateKept)
{
    /// <summary>Return trip bytes over first trip bytes.</summary>
    public double Ratio => FirstBytes > 0 ? (double)ReturnBytes / FirstBytes : double.NaN;
}

/// <summary>dprgen's write rate alone and while the live reader reads it back to back.</summary>
public sealed record ReadingImpact(int StateMb, int Rate, double IdleRate, double ReadRate, double ProfiledRate)
{
    /// <summary>Rate while read over rate alone.</summary>
    public double Ratio => IdleRate > 0 ? ReadRate / IdleRate : double.NaN;
}

/// <summary>The benchmark's two side measurements: the return trip and the cost of live reading.</summary>
public static class PreCopyExtras
{
    /// <summary>Moves an idle dprgen edge1→edge2→edge1 with pre-copy and compares the bytes of both trips.</summary>
    public static async Task<ReturnTrip> ReturnTripAsync(int stateMb, long bandwidthBps, Action<string> say,
        CancellationToken cancellationToken)
    {
        var placement = await PreCopyBench.DeployAsync(stateMb, 0, cancellationToken).ConfigureAwait(false);
        await using var client = await DprgenClient.ConnectAsync(placement, cancellationToken).ConfigureAwait(false);
        var before = await client.SumAsync(cancellationToken).ConfigureAwait(false);
        var bytes = new List<long>();
        foreach (var to in new[] { "edge2", "edge1" })
        {
            var result = await MigrateCommand.RunAsync(new MigrateRequest
            {
                Service = PreCopyBench.ServiceName, Destination = to, BandwidthBps = bandwidthBps,
                Strategy = MigrationStrategies.PreCopy,
            }, null, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                throw new UserException($"return trip: the move to {to} failed in {result.FailedPhase}: {result.Error}",
                    ExitCodes.Failed);
            }

            bytes.Add(result.BytesSent);
            say($"return trip, {stateMb} MB idle, to {to}: {Output.Bytes(result.BytesSent)} sent");
        }

        var after = await client.SumAsync(cancellationToken).ConfigureAwait(false);
        return new ReturnTrip(stateMb, bytes[0], bytes[1], before.Sum == after.Sum);
    }

    /// <summary>Counts dprgen's writes for a while alone, then while the profiler reads its memory back to back.</summary>
    public static async Task<ReadingImpact> ReadingImpactAsync(int stateMb, int rate, Action<string> say,
        CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(4);
        var placement = await PreCopyBench.DeployAsync(stateMb, rate, cancellationToken).ConfigureAwait(false);
        await using var client = await DprgenClient.ConnectAsync(placement, cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(1.2), cancellationToken).ConfigureAwait(false);

        var idle = await RateOverAsync(client, () => Task.Delay(window, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        ServiceProfile? profile = null;
        var read = await RateOverAsync(client, async () =>
        {
            profile = await LabController.Orchestrator().ProfileAsync(new ProfileServiceRequest
                { Service = PreCopyBench.ServiceName, Seconds = window.TotalSeconds }, cancellationToken: cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
        say($"live reading, {stateMb} MB at {rate} pages/s: {idle:F0} writes/s alone, {read:F0} while read; " +
            $"the reader measured {profile!.DirtyPagesPerSecond:F0} dirtied pages/s in {profile.Rounds} reads");
        return new ReadingImpact(stateMb, rate, idle, read, profile.DirtyPagesPerSecond);
    }

    private static async Task<double> RateOverAsync(DprgenClient client, Func<Task> during,
        CancellationToken cancellationToken)
    {
        var first = await client.StatsAsync(cancellationToken).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        await during().ConfigureAwait(false);
        var last = await client.StatsAsync(cancellationToken).ConfigureAwait(false);
        return (last.Writes - first.Writes) / stopwatch.Elapsed.TotalSeconds;
    }
}
