namespace Mose.Cli.Bench;

/// <summary>Median absolute prediction errors over a set of migrations.</summary>
/// <param name="Downtime">Median |predicted − measured| / measured downtime; NaN without a migration.</param>
/// <param name="Total">The same for the total migration time.</param>
/// <param name="Samples">Migrations behind the medians.</param>
public sealed record PredictionErrors(double Downtime, double Total, int Samples)
{
    /// <summary>The medians over <paramref name="rows"/>.</summary>
    public static PredictionErrors Of(IReadOnlyCollection<DesignerRow> rows) => new(
        DesignerSummary.MedianOf(rows.Select(r => r.DowntimeError)),
        DesignerSummary.MedianOf(rows.Select(r => r.TotalError)), rows.Count);
}
