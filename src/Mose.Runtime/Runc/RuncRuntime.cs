using System.Diagnostics;
using System.Text.Json;
using Mose.Core.Processes;
using Mose.Runtime.Criu;

namespace Mose.Runtime.Runc;

/// <summary>The runc driver: every call is an argument list with a timeout through the command runner.</summary>
public sealed class RuncRuntime(RuncOptions options, ICommandRunner runner) : IContainerRuntime
{
    public async Task RunAsync(string id, string bundlePath, CancellationToken cancellationToken)
    {
        try
        {
            await Runc(["run", "--detach", "--bundle", bundlePath, id], options.LongTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            throw new RuntimeException($"runc could not start container '{id}': {e.StandardError.Trim()}", e);
        }
    }

    public async Task<ContainerState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        var result = await Runc(["state", id], options.ShortTimeout, cancellationToken, check: false)
            .ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        return new ContainerState(id, root.GetProperty("status").GetString() ?? "unknown",
            root.GetProperty("pid").GetInt32(), root.GetProperty("bundle").GetString() ?? "");
    }

    public async Task ThawAsync(string id, CancellationToken cancellationToken)
    {
        if (await StateAsync(id, cancellationToken).ConfigureAwait(false) is { Status: "paused" })
        {
            await Runc(["resume", id], options.ShortTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task KillAsync(string id, string signal, CancellationToken cancellationToken) =>
        Runc(["kill", id, signal], options.ShortTimeout, cancellationToken);

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await StateAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            await Runc(["delete", "--force", id], options.ShortTimeout, cancellationToken, check: false)
                .ConfigureAwait(false);
        }

        // A runc killed mid-restore leaves its state directory (with the rootfs still mounted on
        // criu-root) that `runc state` cannot read but that blocks the id: remove it by hand.
        var stateDir = Path.Combine(options.StateRoot, id);
        if (Directory.Exists(stateDir) && await StateAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            await Mounts.UnmountUnderAsync(runner, stateDir, cancellationToken).ConfigureAwait(false);
            Directory.Delete(stateDir, recursive: true);
        }
    }

    public async Task<CheckpointResult> CheckpointAsync(string id, string imagePath, string workPath,
        CriuTuning tuning, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(imagePath);
        Directory.CreateDirectory(workPath);
        var stopwatch = Stopwatch.StartNew();

        // Freeze with runc first: CRIU's own cgroup-v1 freeze polls in 100 ms steps and so often costs
        // 100 ms of downtime; runc polls finely (about 10 ms). CRIU then dumps the already frozen tree.
        if (!tuning.Baseline)
        {
            await Runc(["pause", id], options.ShortTimeout, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            string[] parent = tuning.ParentPath is null ? [] : ["--parent-path", tuning.ParentPath];
            await Runc(["--criu", options.CriuPath, "checkpoint", "--tcp-established",
                    "--image-path", imagePath, "--work-path", workPath, .. parent, id],
                options.LongTimeout, cancellationToken, criuConfig: ConfigFor(tuning)).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            // A failed dump leaves the tree as CRIU found it, frozen: thaw it so the service goes on.
            await Runc(["resume", id], options.ShortTimeout, CancellationToken.None, check: false)
                .ConfigureAwait(false);
            throw new RuntimeException(
                $"checkpoint of '{id}' failed: {e.StandardError.Trim()} {CriuLog.Tail(workPath, "dump.log")}", e);
        }

        var elapsed = stopwatch.Elapsed;
        var bytes = Directory.EnumerateFiles(imagePath).Sum(f => new FileInfo(f).Length);
        return new CheckpointResult(elapsed, CriuStatsReader.ReadDump(Path.Combine(workPath, "stats-dump")), bytes);
    }

    public async Task<CheckpointResult> PreDumpAsync(string id, string imagePath, string? parentPath,
        string workPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(imagePath);
        Directory.CreateDirectory(workPath);
        var stopwatch = Stopwatch.StartNew();
        string[] parent = parentPath is null ? [] : ["--parent-path", parentPath];
        try
        {
            // runc refuses --pre-dump on a kernel without soft-dirty bits; the agent offers this strategy only
            // where CRIU's mem_dirty_track check passed.
            await Runc(["--criu", options.CriuPath, "checkpoint", "--pre-dump", "--image-path", imagePath,
                    "--work-path", workPath, .. parent, id],
                options.LongTimeout, cancellationToken, criuConfig: options.CriuConfigFile).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            throw new RuntimeException(
                $"pre-dump of '{id}' failed: {e.StandardError.Trim()} {CriuLog.Tail(workPath, "dump.log")}", e);
        }

        var bytes = Directory.EnumerateFiles(imagePath).Sum(f => new FileInfo(f).Length);
        return new CheckpointResult(stopwatch.Elapsed,
            CriuStatsReader.ReadDump(Path.Combine(workPath, "stats-dump")), bytes);
    }

    public async Task<RestoreResult> RestoreAsync(string id, string bundlePath, string imagePath, string workPath,
        CriuTuning tuning, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workPath);
        var pidFile = Path.Combine(workPath, "pid");
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await Runc(["--criu", options.CriuPath, "restore", "--detach", "--tcp-established",
                    "--image-path", imagePath, "--work-path", workPath, "--bundle", bundlePath,
                    "--pid-file", pidFile, id],
                options.LongTimeout, cancellationToken, criuConfig: ConfigFor(tuning)).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            await DeleteAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw new RuntimeException(
                $"restore of '{id}' failed: {e.StandardError.Trim()} {CriuLog.Tail(workPath, "restore.log")}", e);
        }

        // The pid file spares a `runc state` call while the service's clients are still waiting.
        var elapsed = stopwatch.Elapsed;
        var pid = int.TryParse(File.ReadAllText(pidFile).Trim(), out var p) ? p : 0;
        var stats = CriuStatsReader.ReadRestore(Path.Combine(workPath, "stats-restore"));
        return new RestoreResult(elapsed, stats, pid);
    }

    private string? ConfigFor(CriuTuning tuning) =>
        tuning.ConfigOverride ?? (tuning.Baseline ? null : options.CriuConfigFile);

    private Task<CommandResult> Runc(IReadOnlyList<string> args, TimeSpan timeout,
        CancellationToken cancellationToken, bool check = true, string? criuConfig = null)
    {
        // runc starts CRIU with its own environment, so the config file reaches CRIU this way.
        var environment = criuConfig is not null
            ? new Dictionary<string, string> { ["CRIU_CONFIG_FILE"] = criuConfig }
            : new Dictionary<string, string>();
        return runner.RunAsync(options.RuncPath, ["--root", options.StateRoot, .. args], environment, timeout, check,
            cancellationToken);
    }
}
