using System.CommandLine.Parsing;
using System.Globalization;

namespace Mose.Cli;

/// <summary>Parses durations like 10ms, 2.5s, 1m and rates like 200mbit, 1gbit.</summary>
public static class Durations
{
    /// <summary>Parses "10ms", "5s", "2m"; a bare number means seconds. Null when invalid.</summary>
    public static TimeSpan? Parse(string text) => Read(text).Value;

    // The duration, or why there is none ("" when the text is no number at all).
    private static (TimeSpan? Value, string Why) Read(string text)
    {
        if (text.StartsWith('-'))
        {
            return (null, "durations cannot be negative");
        }

        var (number, unit) = Split(text);
        if (number is null)
        {
            return (null, "");
        }

        double? seconds = unit switch
        {
            "ms" => number.Value / 1000,
            "s" or "" => number.Value,
            "m" or "min" => number.Value * 60,
            _ => null,
        };

        // Anything beyond a day is a typo here, and far beyond TimeSpan's range it would overflow.
        return seconds switch
        {
            null => (null, $"unknown unit '{unit}'"),
            > 86_400 => (null, "at most a day"),
            { } s => (TimeSpan.FromSeconds(s), ""),
        };
    }

    /// <summary>Parses "200mbit", "1gbit", "500kbit", "1000000" (bits per second). Null when invalid.</summary>
    public static long? ParseRate(string text)
    {
        var (number, unit) = Split(text.ToLowerInvariant());
        if (number is null || number < 0)
        {
            return null;
        }

        double? factor = unit switch
        {
            "" or "bit" or "bps" => 1,
            "kbit" => 1e3,
            "mbit" => 1e6,
            "gbit" => 1e9,
            _ => null,
        };
        // Beyond 10 Tbit/s is a typo, and far beyond it the cast to long would wrap around.
        var bits = factor is null ? (double?)null : number.Value * factor.Value;
        return bits is { } b && b <= 1e13 ? (long)b : null;
    }

    /// <summary>A System.CommandLine parser for duration options that reports a readable error. A bare number
    /// is refused: "500" meant as milliseconds would silently become 500 s.</summary>
    public static TimeSpan DurationOption(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (IsBare(text))
        {
            var name = OptionName(result) ?? "a duration";
            result.AddError($"{name} '{text}' needs a unit: {text}ms or {text}s");
            return TimeSpan.Zero;
        }

        var why = Read(text).Why is { Length: > 0 } reason ? "; " + reason : "";
        return ParseOption(result, Parse, $"a duration{why}; use e.g. 10ms, 5s or 2m");
    }

    /// <summary>True for a number without a unit, such as "500".</summary>
    public static bool IsBare(string text) => Split(text) is { Number: not null, Unit: "" };

    /// <summary>A System.CommandLine parser for bandwidth options.</summary>
    public static long RateOption(ArgumentResult result) =>
        ParseOption(result, ParseRate, "a bandwidth; use e.g. 200mbit or 1gbit");

    /// <summary>A bandwidth cap: 0 is refused, since leaving the option out is how to ask for no cap.</summary>
    public static long CapOption(ArgumentResult result)
    {
        var text = Token(result);
        var rate = ParseRate(text);
        if (IsBare(text) && rate is > 0)
        {
            // As with durations: 200 alone is far more likely meant as Mbit/s than as bits per second.
            result.AddError($"{OptionName(result)} '{text}' needs a unit: {text}mbit or {text}gbit");
            return 0;
        }

        return NotZero(result, RateOption(result), rate == 0,
            "is no cap; leave the option out for that, or give e.g. 200mbit");
    }

    /// <summary>A time budget: 0 is refused, since it leaves no time; leaving the option out keeps the
    /// default.</summary>
    public static TimeSpan BudgetOption(ArgumentResult result) =>
        NotZero(result, DurationOption(result), !IsBare(Token(result)) && Parse(Token(result)) == TimeSpan.Zero,
            "leaves no time; leave the option out for the default");

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";

    private static string? OptionName(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name;

    // zero: the token parsed, as zero (one that did not parse already has its error).
    private static T NotZero<T>(ArgumentResult result, T value, bool zero, string why)
    {
        if (zero)
        {
            result.AddError($"{OptionName(result)} {Token(result)} {why}");
        }

        return value;
    }

    private static T ParseOption<T>(ArgumentResult result, Func<string, T?> parse, string what)
        where T : struct
    {
        var text = Token(result);
        if (parse(text) is { } value)
        {
            return value;
        }

        result.AddError($"'{text}' is not {what}");
        return default;
    }

    /// <summary>Splits "12.5ms" into 12.5 and "ms"; a missing or malformed number gives null.</summary>
    internal static (double? Number, string Unit) Split(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        return double.TryParse(text[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? (n, text[i..].Trim())
            : (null, "");
    }
}
