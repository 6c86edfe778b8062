namespace Mose.Core.Services;

/// <summary>
/// Mose's own dirty-page-rate generator (samples/dprgen): holds a state of a chosen size and rewrites
/// a chosen number of random 4 KiB pages per second, for calibration and benchmarks. Setup compiles it into
/// <see cref="Program"/>, which containers see through the host's read-only /usr.
/// </summary>
public static class Dprgen
{
    /// <summary>Where setup installs the binary.</summary>
    public const string Program = "/usr/local/libexec/mose/dprgen";

    /// <summary>The TCP port of its line protocol.</summary>
    public const int Port = 7070;

    /// <summary>State size when none is given: small enough to deploy and migrate in a blink.</summary>
    public const int DefaultStateMiB = 64;

    /// <summary>The largest state dprgen accepts (8 GiB).</summary>
    public const int MaxStateMiB = 8192;

    /// <summary>The highest rate dprgen accepts, in pages per second.</summary>
    public const int MaxRate = 1_000_000;

    /// <summary>The program and arguments for a state of <paramref name="stateMiB"/> MiB rewritten at
    /// <paramref name="rate"/> pages per second (0 = no writes until a client sends RATE).</summary>
    /// <param name="stateMiB">1..<see cref="MaxStateMiB"/>.</param>
    /// <param name="rate">0..<see cref="MaxRate"/> pages per second.</param>
    /// <param name="seed">Seeds the page contents (dprgen's default when null). Two services with the same
    /// seed start with the same pages, which a content-addressed store would find already there.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range, or a negative seed.
    /// </exception>
    public static IReadOnlyList<string> Args(int stateMiB, int rate, long? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateMiB, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stateMiB, MaxStateMiB);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, MaxRate);
        List<string> args = [Program, "--state-mb", Str(stateMiB), "--rate", Str(rate), "--port", Str(Port)];
        if (seed is { } s)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(s, nameof(seed));
            args.AddRange(["--seed", Str(s)]);
        }

        return args;
    }

    private static string Str(long value) =>
        value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
