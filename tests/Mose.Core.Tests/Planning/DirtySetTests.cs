using Mose.Core.Planning;

namespace Mose.Core.Tests.Planning;

public sealed class DirtySetTests
{
    [Fact]
    public void Pages_InAShortWindow_AreAboutRateTimesTime() =>
        Assert.Equal(200, DirtySet.Pages(65536, 2000, 0.1), 0);

    [Fact]
    public void Pages_InALongWindow_SaturateAtTheWholeState() =>
        Assert.InRange(DirtySet.Pages(1000, 2000, 60), 999, 1000);

    [Fact]
    public void Rate_InvertsPages()
    {
        var dirtied = DirtySet.Pages(65536, 5000, 3);

        Assert.Equal(5000, DirtySet.Rate(65536, dirtied, 3), 3);
    }

    [Fact]
    public void Rate_OfNothingDirtied_IsZero() => Assert.Equal(0, DirtySet.Rate(65536, 0, 1));
}
