using Mose.Core.Services;

namespace Mose.Core.Tests;

public sealed class DprgenTests
{
    [Fact]
    public void Catalog_Dprgen_Holds64MiBAndWritesNothingUntilAsked()
    {
        var kind = ServiceCatalog.Get("dprgen");

        Assert.Equal(Dprgen.Args(64, 0), kind.Args);
        Assert.Equal([Dprgen.Port], kind.Ports);
    }

    [Fact]
    public void Args_PassStateRateAndPortAsDprgenTakesThem()
    {
        string[] expected =
            ["/usr/local/libexec/mose/dprgen", "--state-mb", "1024", "--rate", "1000000", "--port", "7070"];

        Assert.Equal(expected, Dprgen.Args(1024, 1_000_000));
    }

    [Fact]
    public void Args_WithASeed_PassIt()
    {
        Assert.Equal(["--seed", "42"], Dprgen.Args(64, 0, seed: 42).TakeLast(2));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(8193, 0)]
    [InlineData(64, -1)]
    [InlineData(64, 1_000_001)]
    public void Args_OutsideDprgensLimits_Throw(int stateMiB, int rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dprgen.Args(stateMiB, rate));
    }
}
