using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>`lab remove` on the real lab: what a removed service leaves behind.</summary>
[Collection(LabCollection.Name)]
public sealed class ServiceRemovalTests
{
    [Fact]
    public async Task LabRemove_OfAMigratedService_LeavesNoNamespaceAndNoRouteToItsAddress()
    {
        const string name = "rm-gone";
        try
        {
            var service = await LabFixture.DeployAsync("redis", name);
            await LabFixture.MigrateOkAsync(name, "edge2");
            Assert.NotEmpty(await CoreRouteAsync(service.Ip));

            var remove = await LabFixture.RunAsync("lab", "remove", name);
            Assert.True(remove.ExitCode == 0, remove.ToString());

            Assert.Empty(await CoreRouteAsync(service.Ip));
            var left = (await HostState.LabNamespacesAsync(LabFixture.Lab))
                .Where(n => n.EndsWith($"-{name}", StringComparison.Ordinal)).ToList();
            Assert.True(left.Count == 0, $"namespaces left: {string.Join(", ", left)}");
            Assert.DoesNotContain((await LabFixture.StatusAsync()).Services, s => s.Name == name);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    // The core router's route for the service's address, empty when there is none.
    private static async Task<string> CoreRouteAsync(string ip)
    {
        var r = await MoseCli.RunProcessAsync("ip", ["-n", $"{LabFixture.Lab}-core", "route", "show", $"{ip}/32"],
            lab: null, TimeSpan.FromSeconds(15));
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.StdOut.Trim();
    }
}
