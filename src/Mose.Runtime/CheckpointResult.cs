using Mose.Runtime.Criu;

namespace Mose.Runtime;

/// <summary>Outcome of a checkpoint: wall time of the runtime call and CRIU's own statistics.</summary>
public sealed record CheckpointResult(TimeSpan Elapsed, CriuDumpStats? Stats, long ImageBytes);
