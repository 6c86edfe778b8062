using Grpc.Core;

namespace Mose.Orchestrator.Tests;

public sealed class AgentDirectoryTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable, "")]
    [InlineData(StatusCode.DeadlineExceeded, " in time")]
    public void Failed_WhenTheAgentGaveNoAnswer_IsTheLabsStateAndNamesTheAgent(StatusCode code, string late)
    {
        var e = AgentDirectory.Failed("edge3", "deploy",
            new RpcException(new Status(code, "Connection refused (localhost:80)")));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.StartsWith($"deploy on edge3 failed: the agent of edge3 does not answer{late}; is it running?",
            e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:80", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_WhenTheAgentRefused_KeepsItsCodeAndDetail()
    {
        var e = AgentDirectory.Failed("edge1", "profiling",
            new RpcException(new Status(StatusCode.FailedPrecondition, "service 'x' is not running")));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("profiling on edge1 failed: service 'x' is not running", e.Status.Detail);
    }
}
