using Mose.Cli.Client;

namespace Mose.Cli.Tests;

public sealed class DprgenRepliesTests
{
    [Fact]
    public void ParseStats_ReadsEveryField()
    {
        var stats = DprgenReplies.ParseStats(
            "writes=11002 rate=5000 achieved=4999.8 state_mb=64 pages=16384 uptime_ms=2568");

        Assert.Equal(new DprgenStats(11002, 5000, 4999.8, 64, 16384, 2568), stats);
    }

    [Fact]
    public void ParseSum_ReadsTheHexSumAndTheWriteCount()
    {
        var sum = DprgenReplies.ParseSum("sum=f6cabb8dc13a8ca0 writes=42");

        Assert.Equal(new DprgenSum(0xf6cabb8dc13a8ca0, 42), sum);
        Assert.Equal("f6cabb8dc13a8ca0 after 42 writes", sum.ToString());
    }

    [Fact]
    public void ParseCheck_OfOk_CountsThePages()
    {
        Assert.Equal(new DprgenCheck(true, 16384, null), DprgenReplies.ParseCheck("ok pages=16384"));
    }

    [Fact]
    public void ParseCheck_OfBad_NamesTheFirstWrongPage()
    {
        Assert.Equal(new DprgenCheck(false, 0, 77), DprgenReplies.ParseCheck("bad page=77"));
    }

    [Fact]
    public void ParseOk_OfAnError_ThrowsQuotingIt()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => DprgenReplies.ParseOk("err rate must be 0..1000000 pages/s", "RATE -1"));

        Assert.Equal("dprgen answered 'err rate must be 0..1000000 pages/s' to RATE -1", error.Message);
    }

    [Theory]
    [InlineData("err unknown command")]
    [InlineData("writes=1 rate=0 achieved=0.0 state_mb=64 pages=16384")]
    [InlineData("writes=x rate=0 achieved=0.0 state_mb=64 pages=16384 uptime_ms=1")]
    [InlineData("PONG")]
    public void ParseStats_OfAnotherReply_Throws(string line)
    {
        var error = Assert.Throws<InvalidDataException>(() => DprgenReplies.ParseStats(line));

        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sum=123 writes=1")]
    [InlineData("sum=zzzzzzzzzzzzzzzz writes=1")]
    [InlineData("writes=1")]
    public void ParseSum_WithoutSixteenHexDigits_Throws(string line)
    {
        Assert.Throws<InvalidDataException>(() => DprgenReplies.ParseSum(line));
    }

    [Fact]
    public void ParseCheck_OfAnythingElse_Throws()
    {
        Assert.Throws<InvalidDataException>(() => DprgenReplies.ParseCheck("err unknown command"));
        Assert.Throws<InvalidDataException>(() => DprgenReplies.ParseCheck("ok"));
    }
}
