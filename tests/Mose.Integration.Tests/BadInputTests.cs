using Mose.Core.Services;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>Wrong names and flags: exit code 1 and a message that names the culprit and the valid choices.</summary>
[Collection(LabCollection.Name)]
public sealed class BadInputTests
{
    [Fact]
    public async Task Migrate_UnknownServiceOrHost_ExitsOneNamingItAndListingKnownOnes()
    {
        const string name = "bad-ref";
        await LabFixture.DeployAsync("redis", name);
        try
        {
            var unknownService = await LabFixture.RunAsync("migrate", "nosuch", "--to", "edge2");
            Assert.True(unknownService.ExitCode == 1, unknownService.ToString());
            Assert.Contains("unknown service 'nosuch'", unknownService.StdErrFlat);
            Assert.Contains("known services:", unknownService.StdErrFlat);
            Assert.Contains(name, unknownService.StdErrFlat);

            var unknownHost = await LabFixture.RunAsync("migrate", name, "--to", "edge9");
            Assert.True(unknownHost.ExitCode == 1, unknownHost.ToString());
            Assert.Contains("'edge9'", unknownHost.StdErrFlat);
            Assert.Contains("known hosts: edge1, edge2, edge3", unknownHost.StdErrFlat);

            // A refused request changed nothing.
            var status = await LabFixture.StatusAsync();
            Assert.Equal("edge1", status.Services.Single(s => s.Name == name).Host);

            // The same mistakes with --json: still exit 1, and the result says why.
            var (jsonRun, result) = await LabFixture.MigrateAsync("nosuch", "edge2");
            Assert.True(jsonRun.ExitCode == 1, jsonRun.ToString());
            Assert.False(result.Success);
            Assert.Equal("plan", result.FailedPhase);
            Assert.Contains("unknown service 'nosuch'", result.Error);
        }
        finally
        {
            await LabFixture.RemoveQuietlyAsync(name);
        }
    }

    [Fact]
    public async Task Migrate_UnknownFlag_FailsAndNamesTheFlag()
    {
        // Without the required service and --to, System.CommandLine reports only "Option '--to' is required."
        // and not the unknown flag (a rough edge); the exit code is what must hold.
        var r = await LabFixture.RunAsync("migrate", "--bogus-flag");
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("run `mose migrate --help` for the options", r.StdErrFlat + r.StdOut);

        var withService = await LabFixture.RunAsync("migrate", "anything", "--to", "edge2", "--bogus-flag");
        Assert.True(withService.ExitCode == 1, withService.ToString());
        Assert.Contains("--bogus-flag", withService.StdErrFlat + withService.StdOut);
    }

    [Fact]
    public async Task Probe_WithAnIntervalNotShorterThanItsDuration_ExitsOneSayingSo()
    {
        var r = await LabFixture.RunAsync("probe", "anything", "--duration", "2s", "--interval", "5s");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("--interval 5000 ms is not shorter than --duration 2000 ms", r.StdErrFlat);

        var equal = await LabFixture.RunAsync("probe", "anything", "--duration", "2s", "--interval", "2s");
        Assert.True(equal.ExitCode == 1, equal.ToString());
    }

    [Fact]
    public async Task Deploy_UnknownKind_ExitsOneListingKinds()
    {
        var r = await LabFixture.RunAsync("lab", "deploy", "nosuchkind", "--name", "bad-kind");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("'nosuchkind'", r.StdErrFlat);
        foreach (var kind in ServiceCatalog.All)
        {
            Assert.Contains(kind.Name, r.StdErrFlat);
        }

        Assert.DoesNotContain((await HostState.NamespacesAsync()), n => n.EndsWith("-bad-kind", StringComparison.Ordinal));
    }
}
