using Mose.Runtime.Memory;

namespace Mose.Runtime.Tests.Memory;

public sealed class DirtyTrackerTests
{
    [Fact]
    public void FirstRound_SeesEveryPageAsNew()
    {
        var tracker = new DirtyTracker();

        Assert.Equal(PageChange.New, tracker.Observe(Page(1, 0x1000, 7)));
        Assert.Equal(PageChange.New, tracker.Observe(Page(1, 0x2000, 8)));

        Assert.Equal(new DirtyRound(0, 2, 0, 2, 0), tracker.CompleteRound());
    }

    [Fact]
    public void SecondRound_TellsUnchangedChangedNewAndGonePages()
    {
        var tracker = new DirtyTracker();
        tracker.Observe(Page(1, 0x1000, 7));
        tracker.Observe(Page(1, 0x2000, 8));
        tracker.Observe(Page(2, 0x1000, 9));
        tracker.CompleteRound();

        Assert.Equal(PageChange.Unchanged, tracker.Observe(Page(1, 0x1000, 7)));
        Assert.Equal(PageChange.Changed, tracker.Observe(Page(1, 0x2000, 80)));
        Assert.Equal(PageChange.New, tracker.Observe(Page(1, 0x3000, 9)));
        var round = tracker.CompleteRound();

        Assert.Equal(new DirtyRound(1, 3, 1, 1, 1), round);
        Assert.Equal(2, round.DirtiedPages);
        Assert.Equal(2, tracker.CompletedRounds);
    }

    [Fact]
    public void SameAddressInAnotherProcess_IsADifferentPage()
    {
        var tracker = new DirtyTracker();
        tracker.Observe(Page(1, 0x1000, 7));
        tracker.CompleteRound();

        Assert.Equal(PageChange.New, tracker.Observe(Page(2, 0x1000, 7)));
        Assert.Equal(new DirtyRound(1, 1, 0, 1, 1), tracker.CompleteRound());
    }

    [Fact]
    public void PageObservedTwiceInARound_CountsOnce()
    {
        var tracker = new DirtyTracker();
        tracker.Observe(Page(1, 0x1000, 7));
        tracker.CompleteRound();

        tracker.Observe(Page(1, 0x1000, 70));
        tracker.Observe(Page(1, 0x1000, 70));
        tracker.Observe(Page(1, 0x2000, 8));
        tracker.Observe(Page(1, 0x2000, 8));

        Assert.Equal(new DirtyRound(1, 2, 1, 1, 0), tracker.CompleteRound());
    }

    [Fact]
    public void ThirdRound_ComparesWithTheSecondNotTheFirst()
    {
        var tracker = new DirtyTracker();
        tracker.Observe(Page(1, 0x1000, 7));
        tracker.CompleteRound();
        tracker.Observe(Page(1, 0x1000, 8));
        tracker.CompleteRound();

        Assert.Equal(PageChange.Unchanged, tracker.Observe(Page(1, 0x1000, 8)));
        Assert.Equal(new DirtyRound(2, 1, 0, 0, 0), tracker.CompleteRound());
    }

    [Fact]
    public void PageChangedInTwoRoundsInARow_CountsAsRepeated()
    {
        var tracker = new DirtyTracker();
        tracker.Observe(Page(1, 0x1000, 1));
        tracker.Observe(Page(1, 0x2000, 1));
        tracker.CompleteRound();
        tracker.Observe(Page(1, 0x1000, 2));
        tracker.Observe(Page(1, 0x2000, 2));
        Assert.Equal(0, tracker.CompleteRound().RepeatedPages);

        tracker.Observe(Page(1, 0x1000, 3));
        tracker.Observe(Page(1, 0x2000, 2));
        Assert.Equal(new DirtyRound(2, 2, 1, 0, 0, RepeatedPages: 1), tracker.CompleteRound());

        // The second page rested a round, so its change now is not a repeat.
        tracker.Observe(Page(1, 0x1000, 3));
        tracker.Observe(Page(1, 0x2000, 4));
        Assert.Equal(0, tracker.CompleteRound().RepeatedPages);
    }

    private static LivePage Page(int pid, ulong address, ulong hash) => new(pid, address, hash, false);
}
