using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

public sealed class PreCopyPolicyTests
{
    private static readonly PreCopyPolicy At1Gbit = new(8, TimeSpan.FromMinutes(1), 1_000_000_000);

    private static List<RoundStats> Rounds(params long[] bytes) =>
        [.. bytes.Select((b, i) => new RoundStats { Round = i + 1, RawBytes = b })];

    [Fact]
    public void StopReason_BeforeAnyRound_GoesOn() =>
        Assert.Null(At1Gbit.StopReason([], TimeSpan.Zero));

    [Fact]
    public void StopReason_WhenTheLastRoundSendsInUnder20Ms_Converges() =>
        Assert.StartsWith("converged", At1Gbit.StopReason(Rounds(256 << 20, 2_000_000), TimeSpan.FromSeconds(3)),
            StringComparison.Ordinal);

    [Fact]
    public void SmallEnoughBytes_FollowsTheBandwidthWithAFloor()
    {
        Assert.Equal(2_500_000, At1Gbit.SmallEnoughBytes);
        Assert.Equal(500_000, (At1Gbit with { BandwidthBps = 200_000_000 }).SmallEnoughBytes);
        Assert.Equal(256 * 1024, (At1Gbit with { BandwidthBps = 10_000_000 }).SmallEnoughBytes);
        Assert.Equal(2_500_000, (At1Gbit with { BandwidthBps = 0 }).SmallEnoughBytes);
    }

    [Fact]
    public void StopReason_WhenARoundSendsNineTenthsOfThePreviousOrMore_StopsAsNotShrinking() =>
        Assert.StartsWith("not shrinking",
            At1Gbit.StopReason(Rounds(256 << 20, 40 << 20, 36 << 20), TimeSpan.FromSeconds(3)),
            StringComparison.Ordinal);

    [Fact]
    public void StopReason_WhileRoundsShrink_GoesOn() =>
        Assert.Null(At1Gbit.StopReason(Rounds(256 << 20, 40 << 20, 20 << 20), TimeSpan.FromSeconds(3)));

    [Fact]
    public void StopReason_AfterTheLastBudgetedRound_Stops() =>
        Assert.Equal("round budget of 2 spent",
            (At1Gbit with { MaxRounds = 2 }).StopReason(Rounds(256 << 20, 40 << 20), TimeSpan.FromSeconds(3)));

    [Fact]
    public void StopReason_AfterTheTimeBudget_Stops() =>
        Assert.Equal("time budget of 60 s spent",
            At1Gbit.StopReason(Rounds(256 << 20, 40 << 20), TimeSpan.FromSeconds(61)));

    [Fact]
    public void From_ARequestWithoutBudgets_UsesTheDefaults()
    {
        var policy = PreCopyPolicy.From(new MigrateRequest { BandwidthBps = 5 });

        Assert.Equal(new PreCopyPolicy(PreCopyPolicy.DefaultRounds, PreCopyPolicy.DefaultTimeBudget, 5), policy);
    }
}
