using Mose.Contracts.Orchestrator;

namespace Mose.Orchestrator.Tests;

/// <summary>What a task's refusal says, and whose fault it names: the task's (bad input) or the lab's (a host
/// that cannot be asked).</summary>
public sealed class PlanRefusalTests
{
    [Fact]
    public async Task Plan_WithTheDestinationAgentDown_NamesTheHostAndBlamesTheLabNotTheTask()
    {
        await using var lab = await MigrationLab.StartAsync(destinationAddress: "unix:/nonexistent/b.sock");

        var plan = await lab.Plans.PlanAsync(Task(), CancellationToken.None);

        Assert.Null(plan.Reply);
        Assert.True(plan.HostsDown);
        Assert.Contains(plan.Problems, p => p.StartsWith("the agent of b does not answer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Migrate_WithTheDestinationAgentDown_IsRefusedAsTheLabsFault(bool designed)
    {
        await using var lab = await MigrationLab.StartAsync(destinationAddress: "unix:/nonexistent/b.sock");

        var result = await lab.MigrateAsync(r => r.Task = designed ? Task() : null);

        Assert.False(result.Success);
        Assert.Equal("plan", result.FailedPhase);
        Assert.True(result.HostsDown, result.Error);
        Assert.Contains("b", result.Error);
        Assert.Equal("a", lab.Registry.Find("redis")!.Host);
    }

    [Fact]
    public async Task Plan_OfAnInvalidTask_BlamesTheTask()
    {
        await using var lab = await MigrationLab.StartAsync();
        var task = Task();
        task.Destination = "nowhere";

        var plan = await lab.Plans.PlanAsync(task, CancellationToken.None);

        Assert.False(plan.HostsDown);
        Assert.Contains(plan.Problems, p => p.Contains("unknown host 'nowhere'"));
    }

    [Fact]
    public async Task Migrate_OfAnInvalidTask_IsRefusedWithoutProfilingOrSayingItProfiles()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r =>
        {
            r.Task = Task();
            r.Destination = "nowhere";
        });

        Assert.False(result.Success);
        Assert.False(result.HostsDown);
        Assert.Contains("unknown host 'nowhere'", result.Error);
        Assert.DoesNotContain(lab.Progress, p => p.Message.StartsWith("profiling", StringComparison.Ordinal));
        Assert.DoesNotContain("a:ProfileDirtyRate", lab.Log.Calls);
    }

    [Fact]
    public async Task Migrate_OfAValidTask_SaysItProfilesBeforeItDoes()
    {
        await using var lab = await MigrationLab.StartAsync();

        var result = await lab.MigrateAsync(r => r.Task = Task());

        Assert.True(result.Success, result.Error);
        Assert.Contains(lab.Progress, p => p.Message.StartsWith("profiling redis", StringComparison.Ordinal));
    }

    private static MigrationTask Task() =>
        new() { Service = "redis", Destination = "b", Targets = new Targets { MaxDowntimeMs = 5000 } };
}
