namespace Mose.Core.Planning;

/// <summary>A cost that grows linearly: <c>Intercept + Slope × x</c>, in milliseconds for x in MiB. The PAM
/// papers found CRIU's stages close to linear in the state size, so every phase is one of these.</summary>
public sealed record Line(double Intercept, double Slope)
{
    /// <summary>The cost at <paramref name="x"/>, never below zero.</summary>
    public double At(double x) => Math.Max(0, Intercept + Slope * x);

    /// <summary>Costs above this many ms are fitted by their relative error, costs below it by their absolute
    /// one.</summary>
    public const double RelativeAboveMs = 200;

    /// <summary>
    /// Least-squares fit of <paramref name="samples"/> (x, y), newest first, the newer weighing more
    /// (half-life of <paramref name="halfLife"/> samples). Errors count relative to the cost above
    /// <see cref="RelativeAboveMs"/>: one noisy second-long dump of a big state must not outweigh ten small
    /// services' costs and push the fixed cost, which small services are made of, towards zero. Starts from
    /// <paramref name="prior"/>: with no sample it is the prior; when the samples barely vary in x (one size
    /// seen), only the intercept moves and the slope stays the prior's; a fitted slope is never negative (no
    /// phase gets cheaper with size).
    /// </summary>
    public static Line Fit(IReadOnlyList<(double X, double Y)> samples, Line prior, double halfLife = 20)
    {
        if (samples.Count == 0)
        {
            return prior;
        }

        double sw = 0, sx = 0, sy = 0;
        var weights = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var scale = Math.Max(Math.Abs(samples[i].Y), RelativeAboveMs);
            weights[i] = Math.Pow(0.5, i / halfLife) / (scale * scale);
            sw += weights[i];
            sx += weights[i] * samples[i].X;
            sy += weights[i] * samples[i].Y;
        }

        var mx = sx / sw;
        var my = sy / sw;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var dx = samples[i].X - mx;
            sxx += weights[i] * dx * dx;
            sxy += weights[i] * dx * (samples[i].Y - my);
        }

        // Sizes spread over less than 8 MiB say nothing about the slope.
        var spread = Math.Sqrt(sxx / sw);
        var slope = spread < 8 ? prior.Slope : Math.Max(0, sxy / sxx);
        return new Line(my - slope * mx, slope);
    }

    public override string ToString() => $"{Intercept:F0} ms + {Slope:F2} ms/MiB";
}
