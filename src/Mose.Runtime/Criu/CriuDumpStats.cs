namespace Mose.Runtime.Criu;

/// <summary>CRIU's dump statistics (stats-dump), times in milliseconds.</summary>
public sealed record CriuDumpStats(double FreezingMs, double FrozenMs, double MemDumpMs, double MemWriteMs,
    long PagesScanned, long PagesWritten);
