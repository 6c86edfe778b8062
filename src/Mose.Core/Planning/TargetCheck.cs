namespace Mose.Core.Planning;

/// <summary>
/// Which targets a prediction misses. A prediction counts as meeting a target only with a safety margin to
/// spare (default 15%, the error the model is held to), so that a configuration chosen at the edge of a
/// target still meets it when the real migration runs a little slower than forecast.
/// </summary>
public sealed class TargetCheck(KpiTargets targets, double margin = TargetCheck.DefaultMargin)
{
    public const double DefaultMargin = 0.15;

    public double Margin => margin;

    /// <summary>Each missed target, with the prediction, the target and by how much.</summary>
    public IReadOnlyList<string> Misses(KpiPrediction p)
    {
        var misses = new List<string>();
        Over("downtime", p.DowntimeMs, targets.MaxDowntimeMs, misses);
        Over("total time", p.TotalMs, targets.MaxTotalMs, misses);
        Over("client latency", p.LatencyMs, targets.MaxLatencyMs, misses);
        if (targets.MinAvailability > 0)
        {
            var padded = 1 - p.DowntimeMs * (1 + margin) / p.TotalMs;
            if (padded < targets.MinAvailability)
            {
                misses.Add(p.Availability >= targets.MinAvailability
                    ? $"availability {p.Availability:P1} meets {targets.MinAvailability:P1} but not with the " +
                      $"{margin:P0} safety margin on the downtime ({padded:P1})"
                    : $"availability {p.Availability:P1} < {targets.MinAvailability:P1} " +
                      Points(p.Availability, targets.MinAvailability));
            }
        }

        return misses;
    }

    /// <summary>How far a prediction is from meeting every target: the sum of relative overshoots (0 when it
    /// meets them all, margin included).</summary>
    public double Distance(KpiPrediction p) =>
        Overshoot(p.DowntimeMs, targets.MaxDowntimeMs) + Overshoot(p.TotalMs, targets.MaxTotalMs)
        + Overshoot(p.LatencyMs, targets.MaxLatencyMs)
        + (targets.MinAvailability > 0 ? Math.Max(0, targets.MinAvailability - p.Availability) : 0);

    private double Overshoot(double value, double limit) =>
        limit > 0 ? Math.Max(0, value * (1 + margin) / limit - 1) : 0;

    private void Over(string what, double value, double limit, List<string> misses)
    {
        if (limit <= 0 || value * (1 + margin) <= limit)
        {
            return;
        }

        misses.Add(value <= limit
            ? $"{what} {Ms(value)} is within {Ms(limit)} but not by the {margin:P0} safety margin"
            : $"{what} {Ms(value)} > {Ms(limit)} {By(value, limit)}");
    }

    /// <summary>How far a time is over its limit, for people: "(+356 ms, +712 %)".</summary>
    public static string By(double value, double limit) => $"(+{Ms(value - limit)}, +{value / limit - 1:P0})";

    /// <summary>How far a share is from its target, for people: "(-16.4 percentage points)".</summary>
    public static string Points(double share, double target) =>
        $"({(share - target) * 100:+0.0;-0.0} percentage points)";

    public static string Ms(double ms) => ms >= 10_000 ? $"{ms / 1000:F1} s" : $"{ms:F0} ms";

    /// <summary>A bandwidth for people.</summary>
    public static string Rate(long bps) =>
        bps >= 1_000_000_000 ? $"{bps / 1e9:F2} Gbit/s" : $"{bps / 1e6:F0} Mbit/s";
}
