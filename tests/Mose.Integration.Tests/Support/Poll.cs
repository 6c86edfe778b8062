using System.Diagnostics;

namespace Mose.Integration.Tests.Support;

/// <summary>Waits for conditions by polling with a bounded deadline (never a blind sleep).</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the
    /// last observation when the deadline passes.</summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<Task<(bool Ok, string Seen)>> condition,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var seen = "";
        while (true)
        {
            bool ok;
            (ok, seen) = await condition().ConfigureAwait(false);
            if (ok)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not true after {timeout.TotalSeconds:F0} s; last seen: {seen}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
