namespace Mose.Cli.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("10ms", 10)]
    [InlineData("0.5ms", 0.5)]
    [InlineData("2.5s", 2_500)]
    [InlineData("5", 5_000)]
    [InlineData("0", 0)]
    [InlineData("1m", 60_000)]
    [InlineData("2min", 120_000)]
    [InlineData("5 s", 5_000)]
    public void Parse_WithKnownUnit_ReturnsTheDuration(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ms")]
    [InlineData("fast")]
    [InlineData("10h")]
    [InlineData("10sec")]
    [InlineData("-5s")]
    [InlineData("1.2.3s")]
    [InlineData(" 5s")]
    [InlineData("5S")]
    public void Parse_WithInvalidText_ReturnsNull(string text)
    {
        Assert.Null(Durations.Parse(text));
    }

    [Theory]
    [InlineData("1000000", 1_000_000)]
    [InlineData("800bit", 800)]
    [InlineData("800bps", 800)]
    [InlineData("500kbit", 500_000)]
    [InlineData("200mbit", 200_000_000)]
    [InlineData("1gbit", 1_000_000_000)]
    [InlineData("1.5gbit", 1_500_000_000)]
    [InlineData("200Mbit", 200_000_000)]
    [InlineData("0", 0)]
    public void ParseRate_WithKnownUnit_ReturnsBitsPerSecond(string text, long bitsPerSecond)
    {
        Assert.Equal(bitsPerSecond, Durations.ParseRate(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mbit")]
    [InlineData("10mb")]
    [InlineData("10MB/s")]
    [InlineData("-1mbit")]
    [InlineData("lots")]
    public void ParseRate_WithInvalidText_ReturnsNull(string text)
    {
        Assert.Null(Durations.ParseRate(text));
    }

    [Theory]
    [InlineData("500", "--duration '500' needs a unit: 500ms or 500s")]
    [InlineData("2h", "'2h' is not a duration; unknown unit 'h'; use e.g. 10ms, 5s or 2m")]
    [InlineData("2d", "'2d' is not a duration; unknown unit 'd'; use e.g. 10ms, 5s or 2m")]
    [InlineData("90000s", "'90000s' is not a duration; at most a day; use e.g. 10ms, 5s or 2m")]
    public void DurationOption_RefusesBareNumbersAndSaysWhy(string text, string error)
    {
        var option = new System.CommandLine.Option<TimeSpan>("--duration") { CustomParser = Durations.DurationOption };
        var command = new System.CommandLine.Command("profile") { option };

        var result = command.Parse(["--duration", text]);

        Assert.Equal([error], result.Errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("--bandwidth", "0mbit", "--bandwidth 0mbit is no cap; leave the option out for that, or give e.g. 200mbit")]
    [InlineData("--bandwidth", "0", "--bandwidth 0 is no cap; leave the option out for that, or give e.g. 200mbit")]
    [InlineData("--bandwidth", "x", "'x' is not a bandwidth; use e.g. 200mbit or 1gbit")]
    [InlineData("--bandwidth", "100", "--bandwidth '100' needs a unit: 100mbit or 100gbit")]
    [InlineData("--time-budget", "0s", "--time-budget 0s leaves no time; leave the option out for the default")]
    [InlineData("--time-budget", "0", "--time-budget '0' needs a unit: 0ms or 0s")]
    public void CapAndBudgetOptions_RefuseZeroWithTheWayToSayWhatZeroMeant(string name, string text, string error)
    {
        var command = new System.CommandLine.Command("migrate")
        {
            new System.CommandLine.Option<long>("--bandwidth") { CustomParser = Durations.CapOption },
            new System.CommandLine.Option<TimeSpan>("--time-budget") { CustomParser = Durations.BudgetOption },
        };

        var result = command.Parse([name, text]);

        Assert.Equal([error], result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void CapOption_TakesARate()
    {
        var option = new System.CommandLine.Option<long>("--bandwidth") { CustomParser = Durations.CapOption };

        var result = new System.CommandLine.Command("migrate") { option }.Parse(["--bandwidth", "200mbit"]);

        Assert.Empty(result.Errors);
        Assert.Equal(200_000_000, result.GetValue(option));
    }

    [Fact]
    public void Parse_WithDurationTooLongForTimeSpan_ReturnsNull()
    {
        Assert.Null(Durations.Parse("99999999999m"));
    }

    [Theory]
    [InlineData("99999999999999999999gbit")]
    [InlineData("9223372036854775807bit")]
    public void ParseRate_WithRateBeyondAnyLink_ReturnsNull(string text)
    {
        Assert.Null(Durations.ParseRate(text));
    }
}
