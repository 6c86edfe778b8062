namespace Mose.Cli.Bench;

/// <summary>How well the model priced one phase of one strategy over the successful feasible tasks.</summary>
/// <param name="Strategy">cold or precopy.</param>
/// <param name="Phase">The phase (see <see cref="PhaseForecast.Phases"/>).</param>
/// <param name="PredictedMs">Median predicted time.</param>
/// <param name="MeasuredMs">Median measured time.</param>
/// <param name="MedianError">Median of (predicted − measured) / measured: negative when the model is
/// optimistic.</param>
/// <param name="Samples">Migrations behind the medians.</param>
public sealed record PhaseError(string Strategy, string Phase, double PredictedMs, double MeasuredMs,
    double MedianError, int Samples);
