using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>
/// A second lab (<see cref="TestLabs.Second"/>, "itest2" by default; only ever touched by this collection's
/// child processes): up and down twice. Its own collection, so the lab of the other tests is not in its way
/// (collections run one at a time).
/// </summary>
[Collection(Name)]
public sealed class LabLifecycleTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const string Name = "itest2 lab lifecycle";
    private static readonly string Lab = TestLabs.Second;

    public async Task InitializeAsync()
    {
        await MoseCli.EnsureBuiltAsync();
        await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "down");
    }

    public async Task DisposeAsync()
    {
        try
        {
            await MoseCli.RunAsync(Lab, LabFixture.LabTimeout, "lab", "down");
        }
        catch (TimeoutException)
        {
            // The next run's first `lab down` cleans up.
        }
    }

    [Fact]
    public async Task Lab_UpAndDownTwice_LeavesNoTrace()
    {
        for (var round = 1; round <= 2; round++)
        {
            var up = await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "up");
            output.WriteLine($"round {round}: lab up took {up.Took.TotalSeconds:F1} s");
            var status = await LabFixture.StatusAsync(Lab);
            Assert.Equal(["edge1", "edge2", "edge3"], status.Hosts.Select(h => h.Name).Order());
            Assert.All(status.Hosts, h => Assert.True(h.Reachable && h.TcpEstablished,
                $"round {round}: {h.Name} reachable={h.Reachable} tcp={h.TcpEstablished} error='{h.Error}'"));
            Assert.Contains($"{Lab}-ue", await HostState.LabNamespacesAsync(Lab));

            // A second `lab up` on a lab that is up changes nothing and is quick.
            if (round == 1)
            {
                var again = await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "up");
                output.WriteLine($"round {round}: second lab up took {again.Took.TotalSeconds:F1} s");
                Assert.Equal(3, (await LabFixture.StatusAsync(Lab)).Hosts.Count(h => h.Reachable));
            }

            var down = await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "down");
            output.WriteLine($"round {round}: lab down took {down.Took.TotalSeconds:F1} s");
            await AssertNoTraceAsync($"after down #{round}");
        }

        // Down on a lab that is already down is fine too.
        await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "down");
        await AssertNoTraceAsync("after a second down");
    }

    [Fact]
    public async Task Lab_DownAfterAServiceRan_LeavesNoCgroups()
    {
        await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "up");
        var deploy = await MoseCli.RunOkAsync(Lab, LabFixture.CommandTimeout, "lab", "deploy", "redis",
            "--name", "cg", "--host", "edge1", "--json");
        Assert.Contains("\"running\"", deploy.StdOut);
        Assert.NotEmpty(HostState.LabCgroups(Lab));

        await MoseCli.RunOkAsync(Lab, LabFixture.LabTimeout, "lab", "down");
        await AssertNoTraceAsync("after down");
        var cgroups = HostState.LabCgroups(Lab);
        Assert.True(cgroups.Count == 0, $"cgroups left after `lab down`: {string.Join(", ", cgroups)}");
    }

    private static async Task AssertNoTraceAsync(string when)
    {
        Assert.True((await HostState.LabNamespacesAsync(Lab)) is { Count: 0 } ns,
            $"{when}: namespaces left: {string.Join(", ", await HostState.LabNamespacesAsync(Lab))}");
        var processes = HostState.ProcessesMentioning(Lab);
        Assert.True(processes.Count == 0, $"{when}: processes left:\n{string.Join('\n', processes)}");
        Assert.False(Directory.Exists(HostState.StateDir(Lab)), $"{when}: {HostState.StateDir(Lab)} still exists");
        Assert.Empty(HostState.MountsUnder(HostState.StateDir(Lab)));
    }
}
