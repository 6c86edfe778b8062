using Mose.Runtime.Memory;

namespace Mose.Runtime.Tests.Memory;

/// <summary>Whole rounds of live reading, collected for assertions.</summary>
internal static class LiveReads
{
    public static async Task<Dictionary<(int Pid, ulong Address), UInt128>> HashesAsync(
        LiveMemoryReader reader, int pid, MemoryReadTally? tally = null)
    {
        var hashes = new Dictionary<(int, ulong), UInt128>();
        await foreach (var batch in reader.ReadAsync([pid], tally ?? new MemoryReadTally()))
        {
            foreach (var page in batch.Pages)
            {
                hashes[(page.Pid, page.Address)] = page.Hash;
            }
        }

        return hashes;
    }

    public static async Task<DirtyRound> RoundAsync(LiveMemoryReader reader, DirtyTracker tracker, int pid)
    {
        await foreach (var batch in reader.ReadAsync([pid]))
        {
            tracker.Observe(batch);
        }

        return tracker.CompleteRound();
    }
}
