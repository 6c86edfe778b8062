using System.Globalization;

namespace Mose.Cli.Client;

/// <summary>Parses the reply lines of dprgen's line protocol (samples/dprgen/dprgen.c).</summary>
public static class DprgenReplies
{
    /// <summary>Parses "writes=.. rate=.. achieved=.. state_mb=.. pages=.. uptime_ms=..".</summary>
    /// <exception cref="InvalidDataException">The line is not a STATS reply; the message quotes it.
    /// </exception>
    public static DprgenStats ParseStats(string line)
    {
        var f = Fields(line, "STATS");
        return new DprgenStats(Long(f, "writes", line), (int)Long(f, "rate", line),
            Double(f, "achieved", line), (int)Long(f, "state_mb", line), Long(f, "pages", line),
            Long(f, "uptime_ms", line));
    }

    /// <summary>Parses "sum=&lt;16 hex digits&gt; writes=..".</summary>
    /// <exception cref="InvalidDataException">The line is not a SUM reply.</exception>
    public static DprgenSum ParseSum(string line)
    {
        var f = Fields(line, "SUM");
        var hex = f.GetValueOrDefault("sum", "");
        if (hex.Length != 16
            || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture,
                out var sum))
        {
            throw Unexpected(line, "SUM");
        }

        return new DprgenSum(sum, Long(f, "writes", line));
    }

    /// <summary>Parses "ok pages=N" or "bad page=P".</summary>
    /// <exception cref="InvalidDataException">The line is neither.</exception>
    public static DprgenCheck ParseCheck(string line)
    {
        var f = Fields(line, "CHECK");
        if (line.StartsWith("ok ", StringComparison.Ordinal))
        {
            return new DprgenCheck(true, Long(f, "pages", line), null);
        }

        return line.StartsWith("bad ", StringComparison.Ordinal)
            ? new DprgenCheck(false, 0, Long(f, "page", line))
            : throw Unexpected(line, "CHECK");
    }

    /// <summary>Accepts "ok", the reply to RATE and other settings.</summary>
    /// <exception cref="InvalidDataException">Anything else, e.g. "err ...".</exception>
    public static void ParseOk(string line, string command)
    {
        if (line != "ok")
        {
            throw Unexpected(line, command);
        }
    }

    // Every reply is words separated by single spaces, most of them key=value; an "err ..." reply has no
    // key that the callers look for, so it fails there and is quoted whole.
    private static Dictionary<string, string> Fields(string line, string command)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.StartsWith("err", StringComparison.Ordinal))
        {
            throw Unexpected(line, command);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[word[..eq]] = word[(eq + 1)..];
            }
        }

        return fields;
    }

    private static long Long(Dictionary<string, string> fields, string key, string line) =>
        fields.TryGetValue(key, out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : throw Missing(line, key);

    private static double Double(Dictionary<string, string> fields, string key, string line) =>
        fields.TryGetValue(key, out var text)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var value)
            ? value : throw Missing(line, key);

    private static InvalidDataException Unexpected(string line, string command) =>
        new($"dprgen answered '{line}' to {command}");

    private static InvalidDataException Missing(string line, string key) =>
        new($"dprgen's reply '{line}' has no number {key}=...");
}
