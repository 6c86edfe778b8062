using Mose.Cli.Bench;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Tests.Designer;

public sealed class DesignerTasksTests
{
    [Fact]
    public void Tight_AllowsOneAndAHalfTimesTheBestDowntime_AndTwiceItsTotal()
    {
        var task = DesignerTasks.Build(DesignerTaskKind.Tight, "s", "edge2",
            new Prediction { DowntimeMs = 800.2, TotalMs = 2000 });

        Assert.Equal((1201, 4000, "min-downtime"),
            (task.Targets.MaxDowntimeMs, task.Targets.MaxTotalMs, task.Objective.Kind));
    }

    [Fact]
    public void Tight_WithoutTheBestPrediction_IsAProgrammingError()
    {
        Assert.Throws<ArgumentNullException>(() => DesignerTasks.Build(DesignerTaskKind.Tight, "s", "edge2"));
    }

    [Theory]
    [InlineData(DesignerTaskKind.Loose, 10_000, 60_000, "min-downtime", false)]
    [InlineData(DesignerTaskKind.MinResources, 10_000, 60_000, "min-resources", false)]
    [InlineData(DesignerTaskKind.Weighted, 5_000, 60_000, "weighted", false)]
    [InlineData(DesignerTaskKind.InfeasibleSoft, 50, 0, "", false)]
    [InlineData(DesignerTaskKind.InfeasibleHard, 50, 0, "", true)]
    public void Build_GivesEachKindTheTargetsOfIssueFour(DesignerTaskKind kind, double downtime, double total,
        string objective, bool hard)
    {
        var task = DesignerTasks.Build(kind, "s", "edge2");

        Assert.Equal((downtime, total, objective, hard),
            (task.Targets.MaxDowntimeMs, task.Targets.MaxTotalMs, task.Objective.Kind, task.Targets.Hard));
        Assert.Equal(("s", "edge2"), (task.Service, task.Destination));
    }

    [Fact]
    public void Weighted_SplitsDowntimeAndResourcesEvenly()
    {
        var task = DesignerTasks.Build(DesignerTaskKind.Weighted, "s", "edge2");

        Assert.Equal(0.5, task.Objective.DowntimeWeight);
    }

    [Fact]
    public void Sweep_NamesFitTheLab_AndTwoServicesRunTheHardTask()
    {
        Assert.All(DesignerService.Sweep, s => Assert.Null(Core.Services.ServiceNames.Validate(s.Name)));
        Assert.Equal(2, DesignerService.Sweep.Count(s => s.Tasks.Contains(DesignerTaskKind.InfeasibleHard)));
        Assert.Equal(DesignerService.Sweep.Count,
            DesignerService.Sweep.Select(s => s.Name).Distinct().Count());
    }
}
