namespace Mose.Core.Planning;

/// <summary>
/// How many distinct pages a service dirties in a window. A service writing R pages/s spread over N pages
/// rewrites some pages twice, so the distinct count saturates: u(t) = N (1 − e^(−R t / N)). This is what
/// a round must resend, where the worst-case model of MOSE assumes R·t.
/// </summary>
public static class DirtySet
{
    public const int PageSize = 4096;

    /// <summary>Distinct pages of <paramref name="pages"/> dirtied in <paramref name="seconds"/> at
    /// <paramref name="rate"/> pages/s.</summary>
    public static double Pages(double pages, double rate, double seconds) =>
        pages <= 0 || rate <= 0 || seconds <= 0 ? 0 : pages * -double.ExpM1(-rate * seconds / pages);

    /// <summary>The write rate that dirties <paramref name="dirtied"/> distinct pages of
    /// <paramref name="pages"/> in <paramref name="seconds"/> (the inverse of <see cref="Pages"/>).</summary>
    public static double Rate(double pages, double dirtied, double seconds)
    {
        if (pages <= 0 || dirtied <= 0 || seconds <= 0)
        {
            return 0;
        }

        var share = Math.Min(dirtied / pages, 0.999);
        return -pages * Math.Log(1 - share) / seconds;
    }
}
