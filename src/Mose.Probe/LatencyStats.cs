namespace Mose.Probe;

/// <summary>Collects latency samples (ms) and reports nearest-rank percentiles.</summary>
public sealed class LatencyStats
{
    private readonly List<double> _samples = [];
    private bool _sorted = true;

    public int Count => _samples.Count;

    public void Add(double ms)
    {
        if (_samples.Count > 0 && ms < _samples[^1])
        {
            _sorted = false;
        }

        _samples.Add(ms);
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="p"/>% of the
    /// samples at or below it. 0 when there are no samples.</summary>
    public double Percentile(double p)
    {
        if (p is < 0 or > 100 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Percentile must be within 0..100.");
        }

        if (_samples.Count == 0)
        {
            return 0;
        }

        if (!_sorted)
        {
            _samples.Sort();
            _sorted = true;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * _samples.Count);
        return _samples[Math.Clamp(rank, 1, _samples.Count) - 1];
    }

    public double Max => Count == 0 ? 0 : Percentile(100);
}
