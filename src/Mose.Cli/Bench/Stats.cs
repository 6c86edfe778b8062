namespace Mose.Cli.Bench;

/// <summary>Small statistics for benchmark tables.</summary>
public static class Stats
{
    /// <summary>The median (mean of the two middle values for an even count); 0 when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
