namespace Mose.Core.Planning;

/// <summary>One host's fitted phase costs, with how many samples each fit used (0: the prior).</summary>
public sealed record HostConstants(
    IReadOnlyDictionary<string, Line> Phases, IReadOnlyDictionary<string, int> Samples)
{
    /// <summary>A host nothing is known about: the priors.</summary>
    public static HostConstants Defaults { get; } = new(ModelPhases.Priors, new Dictionary<string, int>());

    /// <summary>The cost line of <paramref name="phase"/>, the prior when this host has none.</summary>
    public Line this[string phase] =>
        Phases.TryGetValue(phase, out var line) ? line : ModelPhases.Priors[phase];

    /// <summary>Samples behind all fits.</summary>
    public int TotalSamples => Samples.Values.Sum();

    /// <summary>Fits every phase from its samples (newest first) over the priors.</summary>
    public static HostConstants Fit(Func<string, IReadOnlyList<(double X, double Y)>> samples)
    {
        var phases = new Dictionary<string, Line>();
        var counts = new Dictionary<string, int>();
        foreach (var (phase, prior) in ModelPhases.Priors)
        {
            var s = samples(phase);
            phases[phase] = Line.Fit(s, prior);
            counts[phase] = s.Count;
        }

        return new HostConstants(phases, counts);
    }
}
