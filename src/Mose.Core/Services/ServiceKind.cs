namespace Mose.Core.Services;

/// <summary>A sample service Mose knows how to run: its program, arguments and TCP ports.</summary>
public sealed record ServiceKind(string Name, IReadOnlyList<string> Args, IReadOnlyList<int> Ports, string Summary);
