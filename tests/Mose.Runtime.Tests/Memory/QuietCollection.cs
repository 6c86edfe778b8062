namespace Mose.Runtime.Tests.Memory;

/// <summary>
/// Tests that measure speed or count allocations run alone, after the others: anything running beside
/// them would show up in their numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietCollection
{
    public const string Name = "Runs alone";
}
