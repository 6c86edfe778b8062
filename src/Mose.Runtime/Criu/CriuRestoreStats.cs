namespace Mose.Runtime.Criu;

/// <summary>CRIU's restore statistics (stats-restore), times in milliseconds.</summary>
public sealed record CriuRestoreStats(double ForkingMs, double RestoreMs, long PagesRestored);
