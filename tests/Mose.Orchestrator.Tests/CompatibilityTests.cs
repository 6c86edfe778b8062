using Mose.Contracts.Agent;
using Mose.Orchestrator.Migration;

namespace Mose.Orchestrator.Tests;

public sealed class CompatibilityTests
{
    [Fact]
    public void Check_WithMatchingHosts_FindsNoProblem()
    {
        Assert.Empty(Compatibility.Check(Host("a", "4.2.1", "sse4_2", "avx2"), Host("b", "4.2.1", "avx2", "sse4_2")));
    }

    [Fact]
    public void Check_WithOtherMinorCriuVersion_FindsNoProblem()
    {
        Assert.Empty(Compatibility.Check(Host("a", "4.2.1"), Host("b", "4.1")));
    }

    [Fact]
    public void Check_WithDestinationOfferingMoreCpuFeatures_FindsNoProblem()
    {
        Assert.Empty(Compatibility.Check(Host("a", "4.2", "sse4_2"), Host("b", "4.2", "sse4_2", "avx512f")));
    }

    [Fact]
    public void Check_WithDestinationWithoutTcpRepair_SaysSo()
    {
        var destination = Host("b", "4.2");
        destination.TcpEstablished = false;

        var problem = Assert.Single(Compatibility.Check(Host("a", "4.2"), destination));

        Assert.Equal("b cannot restore TCP connections (CRIU 4.2); see mose doctor", problem);
    }

    [Fact]
    public void Check_WithOtherMajorCriuVersion_NamesBothVersions()
    {
        var problem = Assert.Single(Compatibility.Check(Host("a", "4.2.1"), Host("b", "3.19")));

        Assert.Equal("CRIU versions differ in major version: a has 4.2.1, b has 3.19", problem);
    }

    [Fact]
    public void Check_WithDestinationLackingCpuFeatures_NamesTheMissingOnes()
    {
        var problem = Assert.Single(Compatibility.Check(Host("a", "4.2", "sse4_2", "avx2", "avx512f"),
            Host("b", "4.2", "sse4_2")));

        Assert.Equal("b lacks CPU features of a: avx2 avx512f", problem);
    }

    [Fact]
    public void Check_WithSeveralProblems_ListsThemAll()
    {
        var destination = Host("b", "3.19");
        destination.TcpEstablished = false;

        var problems = Compatibility.Check(Host("a", "4.2", "avx2"), destination);

        Assert.Equal(3, problems.Count);
    }

    private static HostInfo Host(string name, string criuVersion, params string[] cpuFlags)
    {
        var info = new HostInfo { Name = name, CriuVersion = criuVersion, TcpEstablished = true };
        info.CpuFlags.AddRange(cpuFlags);
        return info;
    }
}
