using System.Runtime.InteropServices;

namespace Mose.Runtime.Memory;

/// <summary>
/// Tells which pages changed between rounds of live reading, by content: it remembers each page's hash by
/// process and address from the previous round. Without kernel dirty bits this is the only way to know what
/// a process wrote; a page rewritten with the same bytes (or changed and changed back) counts as unchanged,
/// which is what pre-copy wants. It also counts pages that changed in two rounds in a row, the service's hot
/// set. Memory: about 130 bytes per page tracked (both rounds' tables with their spare capacity), i.e. some
/// 32 MiB for 1 GiB of resident memory, plus the changed pages' keys of two rounds. Not thread-safe.
/// </summary>
public sealed class DirtyTracker
{
    private Dictionary<PageKey, UInt128> _previous = [];
    private Dictionary<PageKey, UInt128> _current = [];
    private HashSet<PageKey> _changedBefore = [];
    private HashSet<PageKey> _changedNow = [];
    private long _repeated;
    private long _new;
    private long _carried;

    /// <summary>Number of rounds completed so far.</summary>
    public int CompletedRounds { get; private set; }

    /// <summary>Records a page read in the current round; tells how it compares with the last.</summary>
    public PageChange Observe(in LivePage page)
    {
        var key = new PageKey(page.Pid, page.Address);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_current, key, out var seenThisRound);
        slot = page.Hash;
        var change = !_previous.TryGetValue(key, out var before) ? PageChange.New
            : before == page.Hash ? PageChange.Unchanged
            : PageChange.Changed;
        if (!seenThisRound)
        {
            // A page read twice in one round (a pid listed twice) counts once.
            _new += change == PageChange.New ? 1 : 0;
            _carried += change == PageChange.New ? 0 : 1;
            if (change == PageChange.Changed && _changedNow.Add(key) && _changedBefore.Contains(key))
            {
                _repeated++;
            }
        }

        return change;
    }

    /// <summary>Records every page of a batch; use the other overload to learn about single pages.</summary>
    public void Observe(PageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (ref readonly var page in batch.Pages)
        {
            Observe(page);
        }
    }

    /// <summary>Ends the current round, which the next one compares with, and returns its counts.</summary>
    public DirtyRound CompleteRound()
    {
        var gone = _previous.Count - _carried;
        var round = new DirtyRound(CompletedRounds, _current.Count, _changedNow.Count, _new, gone, _repeated);

        // Swap rather than allocate: the tables keep their capacity for the next round of similar size.
        (_previous, _current) = (_current, _previous);
        _current.Clear();
        (_changedBefore, _changedNow) = (_changedNow, _changedBefore);
        _changedNow.Clear();
        _repeated = 0;
        _new = 0;
        _carried = 0;
        CompletedRounds++;
        return round;
    }

    private readonly record struct PageKey(int Pid, ulong Address);
}
