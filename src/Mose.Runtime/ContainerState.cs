namespace Mose.Runtime;

/// <summary>What the runtime reports about a container.</summary>
public sealed record ContainerState(string Id, string Status, int Pid, string Bundle);
