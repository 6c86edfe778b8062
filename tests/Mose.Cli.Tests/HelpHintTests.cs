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
}
