namespace Mose.Transfer;

/// <summary>Identifies one offered manifest on the receiving side.</summary>
internal readonly record struct StateKey(string Name, string MigrationId, string Part);
