using Mose.Core.Migration;

namespace Mose.Core.Planning;

/// <summary>
/// Predicts a migration's KPIs with the phase structure of the PAM model: T_mig = plan + prepare + Σ T_i +
/// T_down + commit, T_down = checkpoint + max(network, send + V_freeze / L) + restore. Round 1 sends the
/// resident state; round i sends the distinct pages dirtied while round i−1 ran (<see cref="DirtySet"/>), and
/// the rounds end by <see cref="RoundRule"/> as the real ones do. Each phase's cost beyond wire time is a
/// <see cref="Line"/> fitted per host.
/// </summary>
public static class MigrationModel
{
    /// <summary>Pages dirtied between the last read of a page and the freeze: on average half the last round,
    /// plus runc's start-up before CRIU freezes.</summary>
    public static readonly TimeSpan FreezeLead = TimeSpan.FromMilliseconds(100);

    /// <summary>Pre-copy runs at least this many rounds unless the first already converges: the second round
    /// measures the write rate the profile only estimated.</summary>
    public const int MinRounds = 2;

    public static KpiPrediction Predict(ServiceLoad load, MigrationConfig config, ModelContext context)
    {
        var bps = EffectiveBps(config.BandwidthBps, context.LinkBps);
        var m = load.StateMiB;
        var source = context.Source;
        var target = context.Destination;
        var rounds = new List<RoundForecast>();
        var stop = "";
        double freezeBytes = load.StateBytes;
        if (MigrationStrategies.HasRounds(config.Strategy))
        {
            (stop, freezeBytes) = ForecastRounds(load, config, bps, source[ModelPhases.RoundFirst].At(m),
                source[ModelPhases.RoundNext].At(m), rounds);
        }

        var rawBps = load.RawBps(bps);
        var freeze = Freeze(context, m, freezeBytes, rawBps, cold: rounds.Count == 0, load.Returns);
        var total = source[ModelPhases.Plan].At(m) + target[ModelPhases.Prepare].At(m) + rounds.Sum(r => r.Ms)
            + freeze.StepsMs + source[ModelPhases.Commit].At(m);
        var readMs = rounds.Sum(r => r.Ms - WireMs(r.Bytes, rawBps));
        var bytes = (long)((rounds.Sum(r => (double)r.Bytes) + freezeBytes) * Math.Clamp(load.WireRatio, 0.05, 1));
        return new KpiPrediction(freeze.DowntimeMs, total, bytes, (readMs + freeze.WorkMs) / 1000,
            1 - freeze.DowntimeMs / total, freeze.DowntimeMs, (long)freezeBytes, bps, rounds, stop);
    }

    /// <summary>The downtime of a freeze that sends <paramref name="freezeBytes"/> of state at
    /// <paramref name="bps"/> state bytes per second, and the part of it spent
    /// working (dump, send, restore) rather than waiting on the route, and the steps' whole time (the downtime
    /// plus what runc does outside the freeze).</summary>
    public static (double DowntimeMs, double WorkMs, double StepsMs) Freeze(ModelContext context, double stateMiB,
        double freezeBytes, long bps, bool cold, bool returns)
    {
        var (sendPhase, restorePhase) = cold ? (ModelPhases.SendCold, ModelPhases.RestoreCold)
            : returns ? (ModelPhases.SendPreCopyReturn, ModelPhases.RestorePreCopyReturn)
            : (ModelPhases.SendPreCopy, ModelPhases.RestorePreCopy);
        var send = context.Source[sendPhase].At(stateMiB) + WireMs(freezeBytes, bps);
        var restore = context.Destination[restorePhase].At(stateMiB);
        var checkpoint = context.Source[cold ? ModelPhases.CheckpointCold : ModelPhases.CheckpointPreCopy]
            .At(stateMiB);
        var steps = checkpoint + Math.Max(context.Source[ModelPhases.Network].At(stateMiB), send) + restore;
        var downtime = Math.Max(send, steps - context.Source[ModelPhases.OutsideFreeze].At(stateMiB));
        return (downtime, checkpoint + send + restore, steps);
    }

    /// <summary>The rate a stream gets: the cap, but never more than the link.</summary>
    public static long EffectiveBps(long capBps, long linkBps)
    {
        var link = linkBps > 0 ? linkBps : RoundRule.UncappedBps;
        return capBps > 0 ? Math.Min(capBps, link) : link;
    }

    /// <summary>Time to send <paramref name="bytes"/> at <paramref name="bps"/>.</summary>
    public static double WireMs(double bytes, long bps) => bytes * 8 / bps * 1000;

    // Returns why the rounds end and the bytes left for the freeze.
    private static (string Stop, double FreezeBytes) ForecastRounds(ServiceLoad load, MigrationConfig config,
        long bps, double firstMs, double nextMs, List<RoundForecast> rounds)
    {
        var small = RoundRule.SmallEnoughBytes(config.BandwidthBps > 0 ? bps : 0);
        var bytes = FirstRoundBytes(load, firstMs, load.RawBps(bps));
        for (var i = 1; ; i++)
        {
            var ms = (i == 1 ? firstMs : nextMs) + WireMs(bytes, load.RawBps(bps));
            rounds.Add(new RoundForecast(i, (long)bytes, ms));
            var next = load.Dirtied(ms / 1000) * DirtySet.PageSize;
            if (bytes <= small)
            {
                return ("converged", FreezeVolume(load, ms));
            }

            if (i >= 2 && RoundRule.NotShrinking((long)bytes, rounds[^2].Bytes))
            {
                return ("not shrinking", FreezeVolume(load, ms));
            }

            if (i >= Math.Max(MinRounds, config.Rounds))
            {
                return ("planned rounds done", FreezeVolume(load, ms));
            }

            bytes = next;
        }
    }

    // On a return trip the first round resends what the service dirtied since it left the destination, up to
    // the moment each page is read: on average half-way through the round, which itself lasts as long as
    // sending that takes. A few fixed-point steps settle it.
    private static double FirstRoundBytes(ServiceLoad load, double firstMs, long rawBps)
    {
        double bytes = load.StateBytes;
        for (var step = 0; step < 6 && load.HeldAgeSeconds >= 0; step++)
        {
            var ms = firstMs + WireMs(bytes, rawBps);
            bytes = load.StateBytes * (1 - load.HeldShare(ms / 2000));
        }

        return bytes;
    }

    /// <summary>Bytes the freeze must send after a last round of <paramref name="lastRoundMs"/>.</summary>
    public static double FreezeVolume(ServiceLoad load, double lastRoundMs) =>
        load.Dirtied((lastRoundMs / 2 + FreezeLead.TotalMilliseconds) / 1000) * DirtySet.PageSize;
}
