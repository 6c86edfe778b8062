using System.CommandLine;

namespace Mose.Cli.Tests;

public sealed class HelpHintTests
{
    private static readonly RootCommand Root = new("test")
    {
        new Command("lab") { new Command("deploy") { new Argument<string>("kind") } },
    };

    [Theory]
    [InlineData("lab deploy redis --bogus", "mose lab deploy")]
    [InlineData("lab deploy", "mose lab deploy")]
    [InlineData("lab nosuch", "mose lab")]
    [InlineData("nosuch", "mose")]
    public void CommandPath_NamesTheInnermostCommandThatParsed(string line, string expected)
    {
        var parsed = Root.Parse(line);

        Assert.NotEmpty(parsed.Errors);
        Assert.Equal(expected, HelpHint.CommandPath(parsed));
    }

    [Theory]
    [InlineData("long?", "--seed", "a whole number")]
    [InlineData("int", "--rounds", "a whole number")]
    [InlineData("double", "--seconds", "a number")]
    public void Plain_SaysWhatANumericOptionExpectsWithoutDotNetTypeNames(string type, string option, string said)
    {
        Option opt = type switch
        {
            "long?" => new Option<long?>(option),
            "int" => new Option<int>(option),
            _ => new Option<double>(option),
        };
        var parsed = new RootCommand("test") { opt }.Parse($"{option} abc");

        var message = HelpHint.Plain(Assert.Single(parsed.Errors).Message);

        Assert.Equal($"Cannot parse argument 'abc' for option '{option}' as {said}.", message);
    }
}
