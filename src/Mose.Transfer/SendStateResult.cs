namespace Mose.Transfer;

/// <summary>Outcome of one <see cref="StateSender.SendAsync"/> call.</summary>
/// <param name="Files">Regular files that were streamed to the peer.</param>
/// <param name="RawBytes">Bytes of the streamed files before compression.</param>
/// <param name="WireBytes">Chunk payload bytes actually sent (after compression).</param>
/// <param name="SkippedFiles">Regular files the peer already had.</param>
/// <param name="Elapsed">Time from building the manifest to the peer's reply.</param>
public sealed record SendStateResult(
    int Files, long RawBytes, long WireBytes, int SkippedFiles, TimeSpan Elapsed);
