using Mose.Cli.Commands;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Tests;

public sealed class MigrateCommandTests
{
    [Fact]
    public void ExitCode_OfSuccess_IsOk()
    {
        var result = new MigrationResult { Success = true, RunningOn = "b" };

        Assert.Equal(ExitCodes.Ok, MigrateCommand.ExitCode(result));
    }

    [Fact]
    public void ExitCode_OfPlanFailure_IsUsage()
    {
        var result = new MigrationResult { FailedPhase = "plan", Error = "unknown host 'z'" };

        Assert.Equal(ExitCodes.Usage, MigrateCommand.ExitCode(result));
    }

    [Fact]
    public void ExitCode_OfRolledBackFailure_IsRolledBack()
    {
        var result = new MigrationResult { FailedPhase = "restore", RolledBack = true, RunningOn = "a" };

        Assert.Equal(ExitCodes.RolledBack, MigrateCommand.ExitCode(result));
    }

    [Fact]
    public void ExitCode_OfFailureWithIncompleteRollback_IsFailed()
    {
        var result = new MigrationResult { FailedPhase = "restore", RolledBack = false };

        Assert.Equal(ExitCodes.Failed, MigrateCommand.ExitCode(result));
    }

    [Fact]
    public void ExitCode_OfAPlanRefusedBecauseAHostIsDown_IsEnvironmentNotBadInput()
    {
        var result = new MigrationResult { FailedPhase = "plan", HostsDown = true, RunningOn = "a" };

        Assert.Equal(ExitCodes.Environment, MigrateCommand.ExitCode(result));
    }

    [Fact]
    public void ExitCodes_AreDistinct()
    {
        int[] codes = [ExitCodes.Ok, ExitCodes.Usage, ExitCodes.RolledBack, ExitCodes.Failed];

        Assert.Equal(codes.Length, codes.Distinct().Count());
    }
}
