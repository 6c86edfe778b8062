using Microsoft.Extensions.Logging;

namespace Mose.Transfer.Chunks;

/// <summary>Log events of the chunk store (event ids 500–519).</summary>
public sealed partial class ChunkStore
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information,
        Message = "Chunk store {Directory} opened: {Chunks} chunks, {Bytes} bytes in {Packs} packs")]
    private static partial void LogLoaded(ILogger logger, string directory, int chunks, long bytes,
        int packs);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning,
        Message = "pack-{Pack}.idx: ignored {Records} records that are damaged or point past the data, "
            + "and {TornBytes} bytes of a torn last record")]
    private static partial void LogIndexTailIgnored(ILogger logger, int pack, int records, int tornBytes);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning,
        Message = "pack-{Pack} had only one of its two files and was removed")]
    private static partial void LogHalfPackRemoved(ILogger logger, int pack);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning,
        Message = "pack-{Pack} had no readable index records and was removed")]
    private static partial void LogUnreadablePackRemoved(ILogger logger, int pack);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning,
        Message = "Chunk {Hash} was corrupt and is forgotten: {Fault}")]
    private static partial void LogCorruptChunk(ILogger logger, string hash, string fault);

    [LoggerMessage(EventId = 505, Level = LogLevel.Information,
        Message = "Evicted {Packs} packs ({Chunks} chunks, {Bytes} bytes); {Remaining} bytes remain")]
    private static partial void LogTrimmed(ILogger logger, int packs, int chunks, long bytes, long remaining);

    [LoggerMessage(EventId = 506, Level = LogLevel.Information,
        Message = "Eviction skipped: {Pins} pins held, {Bytes} bytes stored over a budget of {MaxBytes}")]
    private static partial void LogTrimPinned(ILogger logger, int pins, long bytes, long maxBytes);

    [LoggerMessage(EventId = 507, Level = LogLevel.Trace,
        Message = "Chunk {Hash} copied forward out of the oldest pack-{Pack}")]
    private static partial void LogRefreshed(ILogger logger, string hash, int pack);
}
