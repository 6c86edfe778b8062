namespace Mose.Runtime.Memory;

/// <summary>One 4 KiB page read from a running process.</summary>
/// <param name="Pid">The process the page belongs to, as the host sees it.</param>
/// <param name="Address">Virtual address of the page in that process (page aligned).</param>
/// <param name="Hash">XxHash128 of the page's 4096 bytes as they were read.</param>
/// <param name="WasSwapped">
/// The page was in swap when the round found it; reading it made the kernel fault it back in.
/// </param>
public readonly record struct LivePage(int Pid, ulong Address, UInt128 Hash, bool WasSwapped);
