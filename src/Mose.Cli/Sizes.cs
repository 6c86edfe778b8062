namespace Mose.Cli;

/// <summary>Parses memory sizes like 64MB, 1GB, 256MiB.</summary>
public static class Sizes
{
    /// <summary>One mebibyte.</summary>
    public const long MiB = 1L << 20;

    /// <summary>
    /// Parses "64MB", "1.5GB", "256MiB", "512k" into bytes; null when invalid. The unit is required and
    /// case-insensitive, and MB means MiB (as GB means GiB): these are sizes of memory, counted in pages,
    /// where nobody means 10^6.
    /// </summary>
    public static long? Parse(string text)
    {
        var (number, unit) = Durations.Split(text);
        if (number is null || number < 0)
        {
            return null;
        }

        long? factor = unit.ToLowerInvariant() switch
        {
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => MiB,
            "g" or "gb" or "gib" => 1L << 30,
            "t" or "tb" or "tib" => 1L << 40,
            _ => null,
        };

        // A fraction of a byte is a typo, and beyond a pebibyte the cast to long would soon wrap around.
        var bytes = factor is null ? (double?)null : number.Value * factor.Value;
        return bytes is { } b && b == Math.Floor(b) && b <= 1L << 50 ? (long)b : null;
    }
}
