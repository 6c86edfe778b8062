using Mose.Contracts.Orchestrator;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>`mose link` on the real lab: agents stream to each other over the tbf-shaped links (1
/// Gbit).</summary>
[Collection(LabCollection.Name)]
public sealed class LinkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Link_BetweenTwoEdges_MeasuresCloseToTheShapedRate()
    {
        var run = await LabFixture.RunAsync("link", "edge1", "edge2", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var link = Json.Parse<LinkReply>(run);
        output.WriteLine($"edge1 -> edge2: {link.BitsPerSecond / 1e6:F0} Mbit/s, {link.Bytes} bytes " +
            $"in {link.Ms:F0} ms");
        Assert.Equal(("edge1", "edge2"), (link.Source, link.Destination));

        // Two tbf qdiscs at 1 Gbit lie on the path (edge1's uplink, the core's link to edge2). Their 1 MB
        // buckets let a little more through in half a second; a busy 2-core machine can deliver much less.
        Assert.InRange(link.BitsPerSecond, 200_000_000, 1_100_000_000);
        Assert.InRange(link.Ms, 100, 10_000);
        var bps = link.Bytes * 8 / (link.Ms / 1000);
        Assert.InRange(bps, link.BitsPerSecond * 0.99, link.BitsPerSecond * 1.01);
    }

    [Fact]
    public async Task LabUp_WithARateOnARunningLab_ReshapesItsLinks()
    {
        try
        {
            var up = await LabFixture.RunAsync("lab", "up", "--rate", "50mbit");
            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Contains("links measured again", up.StdErrFlat);

            var link = Json.Parse<LinkReply>(await LabFixture.RunAsync("link", "edge1", "edge2", "--json"));
            output.WriteLine($"edge1 -> edge2 at 50 Mbit: {link.BitsPerSecond / 1e6:F0} Mbit/s");
            Assert.InRange(link.BitsPerSecond, 20_000_000, 80_000_000);
        }
        finally
        {
            await LabFixture.RunAsync("lab", "up", "--rate", "1gbit");
        }
    }

    [Fact]
    public async Task Link_ToUnknownHost_ExitsOneNamingItAndTheKnownHosts()
    {
        var run = await LabFixture.RunAsync("link", "edge1", "nowhere");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("unknown host 'nowhere'", run.StdErrFlat);
        Assert.Contains("known hosts: edge1, edge2, edge3", run.StdErrFlat);
    }

    [Fact]
    public async Task Link_ForTooLong_ExitsOneGivingTheRange()
    {
        var run = await LabFixture.RunAsync("link", "edge1", "edge2", "--seconds", "20");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("seconds 20 out of range: use 0.1 to 10 s", run.StdErrFlat);
    }
}
