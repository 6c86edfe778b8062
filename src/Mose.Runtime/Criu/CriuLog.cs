namespace Mose.Runtime.Criu;

/// <summary>Pulls the lines that explain a CRIU failure out of its log.</summary>
public static class CriuLog
{
    /// <summary>The last few "Error" lines of a CRIU log, or an empty string.</summary>
    public static string Tail(string workPath, string logName, int lines = 4)
    {
        var path = Path.Combine(workPath, logName);
        if (!File.Exists(path))
        {
            return "";
        }

        // CRIU logs an rlimit error on every run here that is harmless; skip it so the real cause shows.
        var errors = File.ReadLines(path)
            .Where(l => l.Contains("Error", StringComparison.Ordinal) && !l.Contains("RLIMIT_NOFILE", StringComparison.Ordinal))
            .TakeLast(lines)
            .ToList();
        return errors.Count == 0 ? $"(see {path})" : $"CRIU: {string.Join(" | ", errors)} (log {path})";
    }
}
