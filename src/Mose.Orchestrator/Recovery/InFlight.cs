namespace Mose.Orchestrator.Recovery;

/// <summary>A migration that started and has not been seen to end: enough to finish or undo it later.</summary>
public sealed record InFlight(string MigrationId, string Service, string Ip, string Source, string Destination);
