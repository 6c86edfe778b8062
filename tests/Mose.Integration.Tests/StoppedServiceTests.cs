using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>A service whose process died: there is nothing to migrate, and the plan says so.</summary>
[Collection(LabCollection.Name)]
public sealed class StoppedServiceTests
{
    [Fact]
    public async Task Migrate_OfAServiceWhoseProcessWasKilled_IsRefusedInThePlanAndTouchesNoOtherHost()
    {
        const string name = "killed";
        try
        {
            await LabFixture.DeployAsync("redis", name);
            var netns = $"{LabFixture.Lab}-edge1-{name}";
            var pids = await MoseCli.RunProcessAsync("ip", ["netns", "pids", netns], lab: null,
                TimeSpan.FromSeconds(15));
            Assert.True(pids.ExitCode == 0 && pids.StdOut.Trim().Length > 0, pids.ToString());
            var kill = await MoseCli.RunProcessAsync("kill", ["-9", .. pids.StdOut.Split('\n',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], lab: null,
                TimeSpan.FromSeconds(15));
            Assert.True(kill.ExitCode == 0, kill.ToString());
            await Poll.UntilAsync("runc sees the service stopped", TimeSpan.FromSeconds(20), async () =>
            {
                var state = (await LabFixture.StatusAsync()).Services.Single(s => s.Name == name).State;
                return (state == "stopped", state);
            });

            var run = await LabFixture.RunAsync("migrate", name, "--to", "edge2");

            Assert.True(run.ExitCode == 4, run.ToString());
            Assert.Contains($"service '{name}' on edge1 is stopped, not running", run.StdErrFlat);
            var left = (await HostState.LabNamespacesAsync(LabFixture.Lab)).Where(n => n.EndsWith($"-{name}",
                StringComparison.Ordinal)).ToList();
            Assert.Equal([netns], left);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }
}
