using System.CommandLine;
using Mose.Cli.Commands;

namespace Mose.Cli.Tests;

public sealed class TaskOptionsTests
{
    [Fact]
    public void ATargetWithoutAUnit_IsRefused_InsteadOfReadAsSeconds()
    {
        var (_, result) = Parse("--max-downtime", "500");

        Assert.Contains(result.Errors, e => e.Message.Contains("'500' needs a unit: 500ms or 500s"));
    }

    [Fact]
    public void AZeroTarget_IsRefusedOnce_ForWhatIsWrongWithIt()
    {
        var bare = Parse("--max-downtime", "0").Result.Errors.Select(e => e.Message).ToList();
        var zero = Parse("--max-downtime", "0s").Result.Errors.Select(e => e.Message).ToList();

        Assert.Equal(["--max-downtime '0' needs a unit: 0ms or 0s"], bare);
        Assert.Equal(["--max-downtime '0s' must be above zero; leave the option out for no target"], zero);
    }

    [Fact]
    public void ATargetWithAnUnknownUnit_SaysWhichUnit()
    {
        var (_, result) = Parse("--max-total", "2h");

        Assert.Contains(result.Errors, e => e.Message.Contains("unknown unit 'h'"));
    }

    [Fact]
    public void TargetsWithUnits_BecomeMilliseconds()
    {
        var (options, result) = Parse("--max-downtime", "500ms", "--max-total", "30s");

        Assert.Empty(result.Errors);
        var task = options.Task(result, "redis", "edge2");
        Assert.Equal(500, task.Targets.MaxDowntimeMs);
        Assert.Equal(30_000, task.Targets.MaxTotalMs);
    }

    [Fact]
    public void AWeightWithAnotherObjective_IsRefusedRatherThanIgnored()
    {
        var (options, result) = Parse("--objective", "min-downtime", "--downtime-weight", "0.3");

        var e = Assert.Throws<UserException>(() => options.Task(result, "redis", "edge2"));
        Assert.Contains("--downtime-weight applies to --objective weighted, not min-downtime", e.Message);
    }

    [Fact]
    public void AWeightAlone_MeansTheWeightedObjective()
    {
        var (options, result) = Parse("--downtime-weight", "0.3");

        var task = options.Task(result, "redis", "edge2");
        Assert.Equal("weighted", task.Objective.Kind);
        Assert.Equal(0.3, task.Objective.DowntimeWeight);
    }

    private static (TaskOptions Options, ParseResult Result) Parse(params string[] args)
    {
        var options = new TaskOptions();
        var command = new Command("plan");
        options.AddTo(command);
        return (options, command.Parse(args));
    }
}
