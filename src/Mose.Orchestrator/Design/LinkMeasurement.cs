namespace Mose.Orchestrator.Design;

/// <summary>Bandwidth measured from one agent to another: what arrived at the destination, in how
/// long.</summary>
/// <param name="Bps">Bits per second.</param>
/// <param name="Bytes">Bytes that arrived.</param>
/// <param name="Ms">Milliseconds from the first to the last byte at the destination.</param>
/// <param name="MeasuredAt">When the measurement ended, by the orchestrator's clock.</param>
public sealed record LinkMeasurement(long Bps, long Bytes, double Ms, DateTimeOffset MeasuredAt);
