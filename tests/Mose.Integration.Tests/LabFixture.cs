using Grpc.Core;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Integration.Tests.Support;

namespace Mose.Integration.Tests;

/// <summary>
/// A fresh lab (<see cref="TestLabs.Main"/>, "itest" by default) for the whole collection: `lab down` then
/// `lab up` before the first test, `lab down` after the last one (also when a test or the start-up failed).
/// The developer's own lab is never touched: this process and every child it starts use the test lab.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    public static readonly string Lab = TestLabs.Main;

    public static readonly TimeSpan LabTimeout = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    public LabFixture()
    {
        // Before any Mose type reads it (MosePaths, LabPaths, LabServices, LabController).
        Environment.SetEnvironmentVariable("MOSE_LAB", Lab);
        Environment.SetEnvironmentVariable("MOSE_LAB_ROOT", null);
    }

    public async Task InitializeAsync()
    {
        await MoseCli.EnsureBuiltAsync();
        try
        {
            await MoseCli.RunOkAsync(Lab, LabTimeout, "lab", "down");
            await MoseCli.RunOkAsync(Lab, LabTimeout, "lab", "up");
        }
        catch
        {
            await DownQuietlyAsync();
            throw;
        }
    }

    public Task DisposeAsync() => DownQuietlyAsync();

    /// <summary>Runs `mose args...` in this lab.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => MoseCli.RunAsync(Lab, CommandTimeout, args);

    /// <summary>Deploys a sample service through the CLI and returns its placement; <paramref name="extra"/>
    /// are more `lab deploy` options (e.g. dprgen's --state and --rate).</summary>
    public static async Task<ServicePlacement> DeployAsync(string kind, string name, string host = "edge1",
        params string[] extra)
    {
        var r = await MoseCli.RunOkAsync(Lab, CommandTimeout,
            ["lab", "deploy", kind, "--name", name, "--host", host, "--json", .. extra]);
        var placement = Json.Parse<ServicePlacement>(r);
        Assert.Equal(name, placement.Name);
        Assert.Equal(host, placement.Host);
        Assert.NotEmpty(placement.Ports);
        return placement;
    }

    /// <summary>Migrates through the CLI (`--json`) and returns the exit code and the parsed result.</summary>
    public static async Task<(CliResult Run, MigrationResult Result)> MigrateAsync(string service, string to,
        params string[] extra)
    {
        var r = await RunAsync(["migrate", service, "--to", to, "--json", .. extra]);
        return (r, Json.Parse<MigrationResult>(r));
    }

    /// <summary>Migrates and asserts success, exit code 0 and the new host.</summary>
    public static async Task<MigrationResult> MigrateOkAsync(string service, string to)
    {
        var (run, result) = await MigrateAsync(service, to);
        Assert.True(run.ExitCode == 0 && result.Success, $"migration of {service} to {to} failed: {run}");
        Assert.Equal(to, result.RunningOn);
        Assert.Equal(to, result.Destination);
        Assert.Equal("", result.FailedPhase);
        return result;
    }

    /// <summary>The lab's status through `mose status --json`.</summary>
    public static async Task<StatusReply> StatusAsync(string? lab = null)
    {
        var r = await MoseCli.RunOkAsync(lab ?? Lab, CommandTimeout, "status", "--json");
        return Json.Parse<StatusReply>(r);
    }

    /// <summary>Removes a service through the orchestrator (no CLI process per test); a service that is
    /// already gone, or a lab that is down, is fine.</summary>
    public static async Task RemoveQuietlyAsync(string name)
    {
        try
        {
            using var cts = new CancellationTokenSource(CommandTimeout);
            await LabController.Orchestrator().RemoveAsync(new RemoveServiceRequest { Name = name },
                cancellationToken: cts.Token);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Already gone.
        }
        catch (Exception e) when (e is RpcException or Mose.Cli.UserException or OperationCanceledException)
        {
            // Best effort: the collection's final `lab down` removes everything anyway.
        }
    }

    private static async Task DownQuietlyAsync()
    {
        try
        {
            await MoseCli.RunAsync(Lab, LabTimeout, "lab", "down");
        }
        catch (TimeoutException)
        {
            // Reported by the next run's `lab down`, which starts every run clean.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "itest lab";
}
