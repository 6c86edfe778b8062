using Mose.Runtime.Criu;

namespace Mose.Runtime;

/// <summary>Outcome of a restore: wall time of the runtime call, CRIU's statistics and the new pid.</summary>
public sealed record RestoreResult(TimeSpan Elapsed, CriuRestoreStats? Stats, int Pid);
