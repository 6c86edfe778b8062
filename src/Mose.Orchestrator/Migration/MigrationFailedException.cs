namespace Mose.Orchestrator.Migration;

/// <summary>A migration step failed; carries the phase so the result can name it.</summary>
public sealed class MigrationFailedException(string phase, string message, Exception inner)
    : Exception($"{phase}: {message}", inner)
{
    public string Phase { get; } = phase;
}
