using Mose.Cli.Commands;
using Mose.Core.Services;

namespace Mose.Cli.Tests;

public sealed class DeployArgsTests
{
    [Fact]
    public void From_WithoutOptions_LeavesTheKindsDefaults()
    {
        Assert.Empty(DeployArgs.From("redis", state: null, rate: null));
        Assert.Empty(DeployArgs.From("dprgen", state: null, rate: null));
    }

    [Fact]
    public void From_DprgenWithStateAndRate_RunsDprgenWithThem()
    {
        var args = DeployArgs.From("dprgen", "256MB", 2000);

        Assert.Equal([Dprgen.Program, "--state-mb", "256", "--rate", "2000", "--port", "7070"], args);
    }

    [Fact]
    public void From_DprgenWithOnlyARate_KeepsTheDefaultState()
    {
        var args = DeployArgs.From("dprgen", null, 500);

        Assert.Equal(Dprgen.Args(Dprgen.DefaultStateMiB, 500), args);
    }

    [Theory]
    [InlineData("1GB", 1024)]
    [InlineData("1MiB", 1)]
    [InlineData("8GB", 8192)]
    public void From_DprgenStateAtTheLimits_IsAccepted(string state, int mib)
    {
        Assert.Equal(Dprgen.Args(mib, 0), DeployArgs.From("dprgen", state, null));
    }

    [Fact]
    public void From_OtherKindWithDprgenOptions_IsRefusedNamingThem()
    {
        var both = Assert.Throws<UserException>(() => DeployArgs.From("redis", "64MB", 10));
        var one = Assert.Throws<UserException>(() => DeployArgs.From("sockperf", null, 10));

        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Equal("--state and --rate apply only to dprgen, not to 'redis'", both.Message);
        Assert.Equal("--rate applies only to dprgen, not to 'sockperf'", one.Message);
    }

    [Theory]
    [InlineData("9GB")]
    [InlineData("512k")]
    [InlineData("1.5MB")]
    [InlineData("64")]
    [InlineData("lots")]
    public void From_DprgenStateOutOfRangeOrMalformed_IsRefused(string state)
    {
        var error = Assert.Throws<UserException>(() => DeployArgs.From("dprgen", state, null));

        Assert.Contains($"--state '{state}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_DprgenWithTwoBadValues_NamesBoth()
    {
        var error = Assert.Throws<UserException>(() => DeployArgs.From("dprgen", "0MB", 1_000_001));

        Assert.Contains("--state '0MB'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--rate 1000001", error.Message, StringComparison.Ordinal);
    }
}
