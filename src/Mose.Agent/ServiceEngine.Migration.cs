using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Mose.Agent.Services;
using Mose.Contracts.Agent;
using Mose.Network;
using Mose.Runtime;
using Mose.Runtime.Runc;

namespace Mose.Agent;

/// <summary>The migration steps of <see cref="ServiceEngine"/>, source side and destination side.</summary>
public sealed partial class ServiceEngine
{
    /// <summary>Destination: checks the host can take the service before anything is frozen, then creates
    /// the service's namespace with its IP, locked so no client packet meets an empty socket table.</summary>
    public Task<PrepareReply> PrepareAsync(ServiceSpec spec, bool baseline, CancellationToken cancellationToken) =>
        WithLock(spec.Name, async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            ValidateSpec(spec);
            var ws = Workspace(spec.Name);
            var earlier = ServiceRecord.Load(ws.RecordFile);
            if (earlier is { State: not ServiceRecord.Incoming })
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{spec.Name}' already exists on {options.Name}");
            }

            // What an interrupted earlier attempt left (images of another dump, a namespace) must not mix
            // with this migration's state.
            if (earlier is not null)
            {
                await CleanupAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            }

            if (await runtime.StateAsync(spec.Name, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"a container named '{spec.Name}' already runs on {options.Name}");
            }

            var free = new DriveInfo(options.DataRoot).AvailableFreeSpace;
            if (free < 256L * 1024 * 1024)
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"{options.Name} has only {free / (1024 * 1024)} MiB free under {options.DataRoot}");
            }

            if (await network.IsAddressRoutedLocallyAsync(IPAddress.Parse(spec.Ip), cancellationToken)
                .ConfigureAwait(false))
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"address {spec.Ip} is already in use on {options.Name}");
            }

            Directory.CreateDirectory(ws.Root);
            var record = new ServiceRecord(spec.Name, spec.Kind, spec.Args.ToList(), spec.Ip, spec.Ports.ToList(),
                ServiceRecord.Incoming);
            record.Save(ws.RecordFile);
            await network.CreateAsync(spec.Name, IPAddress.Parse(spec.Ip), locked: true, tcpLock, cancellationToken,
                baseline).ConfigureAwait(false);
            LogStep(spec.Name, "prepare", stopwatch.Elapsed.TotalMilliseconds);
            return new PrepareReply { ElapsedMs = stopwatch.Elapsed.TotalMilliseconds };
        });

    /// <summary>Source: locks the service's TCP, then dumps it with its connections. A failed dump leaves
    /// the service running and unlocked.</summary>
    public Task<CheckpointReply> CheckpointAsync(string name, string injectFault, bool baseline,
        CancellationToken cancellationToken, string parent = "") =>
        WithLock(name, async () =>
        {
            var record = RequireRecord(name);
            if (record.State != ServiceRecord.Running)
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{name}' is {record.State} on {options.Name}, not running");
            }

            var state = await runtime.StateAsync(name, cancellationToken).ConfigureAwait(false);
            if (state?.Status != "running")
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{name}' is not running on {options.Name} (runtime: {state?.Status ?? "no container"}); " +
                    "nothing was frozen");
            }

            var ws = Workspace(name);
            await ServiceWorkspace.ResetAsync(ws.Images, cancellationToken).ConfigureAwait(false);
            await ServiceWorkspace.ResetAsync(ws.DumpWork, cancellationToken).ConfigureAwait(false);
            var netns = network.NetnsName(name);
            await tcpLock.LockAsync(netns, cancellationToken, silent: baseline).ConfigureAwait(false);
            Runtime.CheckpointResult result;
            try
            {
                var tuning = new CriuTuning(baseline, injectFault == "checkpoint" ? BrokenCriuConfig(ws.DumpWork) : null,
                    ParentFor(name, parent));
                result = await runtime.CheckpointAsync(name, ws.Images, ws.DumpWork, tuning, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await tcpLock.UnlockAsync(netns, CancellationToken.None, silent: baseline).ConfigureAwait(false);
                throw;
            }

            (record with { State = ServiceRecord.Checkpointed }).Save(ws.RecordFile);
            LogCheckpointed(name, result.Elapsed.TotalMilliseconds, result.Stats?.FrozenMs ?? 0, result.ImageBytes);
            return new CheckpointReply
            {
                ElapsedMs = result.Elapsed.TotalMilliseconds,
                FrozenMs = result.Stats?.FrozenMs ?? 0,
                FreezingMs = result.Stats?.FreezingMs ?? 0,
                MemdumpMs = result.Stats?.MemDumpMs ?? 0,
                PagesWritten = result.Stats?.PagesWritten ?? 0,
                ImageBytes = result.ImageBytes,
            };
        });

    /// <summary>Destination: points the bundle at this host, restores, waits until the service listens, and
    /// only then lets TCP in. On failure the container is removed; the namespace stays for Abort.</summary>
    public Task<RestoreReply> RestoreAsync(string name, string injectFault, bool baseline,
        CancellationToken cancellationToken) =>
        WithLock(name, async () =>
        {
            var record = RequireRecord(name);
            var ws = Workspace(name);
            var netns = network.NetnsName(name);
            BundleBuilder.Retarget(ws.Bundle, IpTool.NetnsPath(netns), CgroupPath(name));
            if (injectFault == "restore")
            {
                InjectCorruptImage(ws.Images);
            }

            await ServiceWorkspace.ResetAsync(ws.RestoreWork, cancellationToken).ConfigureAwait(false);
            Runtime.RestoreResult result;
            try
            {
                result = await RestoreAndUnlockAsync(record, baseline, cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeException e)
            {
                // The workspace goes with the abort that follows; the CRIU log that explains the failure stays.
                await runtime.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
                throw KeepRestoreLog(name) is { } kept ? new RuntimeException($"{e.Message}; CRIU log kept at {kept}", e) : e;
            }
            catch
            {
                await runtime.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            (record with { State = ServiceRecord.Running }).Save(ws.RecordFile);
            Directory.Delete(ws.Images, recursive: true);
            LogRestored(name, result.Elapsed.TotalMilliseconds, result.Stats?.RestoreMs ?? 0);
            return new RestoreReply
            {
                ElapsedMs = result.Elapsed.TotalMilliseconds,
                CriuRestoreMs = result.Stats?.RestoreMs ?? 0,
                Pid = result.Pid,
            };
        });

    /// <summary>Source, rollback: brings the service back here. If it was dumped, it is restored from the
    /// local images (memory, files and TCP connections as at the freeze), then TCP is let in again.</summary>
    public Task<ResumeReply> ResumeAsync(string name, CancellationToken cancellationToken) =>
        WithLock(name, async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            var record = RequireRecord(name);
            var restored = false;
            if (record.State == ServiceRecord.Checkpointed
                || await DumpedWithoutRecordAsync(name, cancellationToken).ConfigureAwait(false))
            {
                await RestoreAndUnlockAsync(record, baseline: null, cancellationToken).ConfigureAwait(false);
                (record with { State = ServiceRecord.Running }).Save(Workspace(name).RecordFile);
                restored = true;
            }
            else
            {
                // A dump cut short (its caller gone, a timeout) can leave the service paused.
                await runtime.ThawAsync(name, cancellationToken).ConfigureAwait(false);
                await tcpLock.UnlockAnyAsync(network.NetnsName(name), cancellationToken).ConfigureAwait(false);
            }

            LogResumed(name, restored);
            return new ResumeReply { RestoredFromCheckpoint = restored, ElapsedMs = stopwatch.Elapsed.TotalMilliseconds };
        });

    /// <summary>Destination, rollback: removes whatever the migration created here.</summary>
    public Task AbortAsync(string name, CancellationToken cancellationToken) =>
        WithLock(name, async () =>
        {
            if (ServiceRecord.Load(Workspace(name).RecordFile) is { State: not ServiceRecord.Incoming })
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{name}' on {options.Name} is not an incoming migration; refusing to abort it");
            }

            await CleanupAsync(name, cancellationToken).ConfigureAwait(false);
            LogStep(name, "abort", 0);
            return true;
        });

    /// <summary>Source, after the commit: the service runs elsewhere, so its copy here goes.</summary>
    /// <param name="name">The service.</param>
    /// <param name="cancellationToken">Cancels the cleanup.</param>
    /// <param name="keepImagesAt">Where to move the dump before the cleanup, or null to delete it with the rest.</param>
    public Task ReleaseAsync(string name, CancellationToken cancellationToken, string? keepImagesAt = null) =>
        WithLock(name, async () =>
        {
            var record = RequireRecord(name);
            if (record.State != ServiceRecord.Checkpointed)
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{name}' is {record.State} on {options.Name}; only a checkpointed copy is released");
            }

            var images = Workspace(name).Images;
            if (keepImagesAt is not null && Directory.Exists(images))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(keepImagesAt)!);
                Directory.Move(images, keepImagesAt);
            }

            await CleanupAsync(name, cancellationToken).ConfigureAwait(false);
            LogStep(name, "release", 0);
            return true;
        });

    // An agent killed between the end of a dump and saving the record leaves a record saying "running", a
    // container CRIU already stopped, and complete images: the service lives only in those images.
    private async Task<bool> DumpedWithoutRecordAsync(string name, CancellationToken cancellationToken)
    {
        var log = Path.Combine(Workspace(name).DumpWork, "dump.log");
        if (!File.Exists(log) || !Directory.Exists(Workspace(name).Images))
        {
            return false;
        }

        var state = await runtime.StateAsync(name, cancellationToken).ConfigureAwait(false);
        return state is null or { Status: "stopped" }
            && (await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false))
                .Contains("Dumping finished successfully", StringComparison.Ordinal);
    }

    // baseline: true or false as the migration asked; null on rollback, where a lock of either kind goes.
    private async Task<Runtime.RestoreResult> RestoreAndUnlockAsync(ServiceRecord record, bool? baseline,
        CancellationToken cancellationToken)
    {
        var ws = Workspace(record.Name);
        var ns = network.NetnsName(record.Name);
        var result = await runtime.RestoreAsync(record.Name, ws.Bundle, ws.Images, ws.RestoreWork,
            new CriuTuning(baseline == true), cancellationToken).ConfigureAwait(false);

        // Unlock first, then release the held packets, so the first one meets the restored socket.
        if (baseline is null)
        {
            await tcpLock.UnlockAnyAsync(ns, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await tcpLock.UnlockAsync(ns, cancellationToken, silent: baseline.Value).ConfigureAwait(false);
        }

        await network.ReleaseAsync(record.Name, IPAddress.Parse(record.Ip), cancellationToken).ConfigureAwait(false);
        return result;
    }

    // A failed restore's CRIU log is the one thing worth keeping from an aborted workspace.
    private string? KeepRestoreLog(string name)
    {
        var log = Path.Combine(Workspace(name).RestoreWork, "restore.log");
        if (!File.Exists(log))
        {
            return null;
        }

        var kept = Path.Combine(options.DataRoot, "failed",
            $"{name}-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-restore.log");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(log, kept, overwrite: true);
        LogKeptLog(name, kept);
        return kept;
    }

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "{Service}: restore failed here; CRIU log kept at {Path}")]
    private partial void LogKeptLog(string service, string path);

    // Testing aid: a CRIU configuration CRIU refuses, so the real dump fails after the service was frozen.
    private static string BrokenCriuConfig(string workDir)
    {
        var path = Path.Combine(workDir, "broken-criu.conf");
        File.WriteAllText(path, "mose-injected-fault-no-such-option\n");
        return path;
    }

    // Testing aid: cuts the main task's core image short, so the real CRIU restore here fails while
    // reading it. (A truncated memory image is no good for this: CRIU can hang on it until the timeout.)
    private static void InjectCorruptImage(string images)
    {
        var core = Directory.EnumerateFiles(images, "core-*.img").Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new AgentException(AgentErrorKind.Precondition, "fault injection: no core image to corrupt");
        using var stream = new FileStream(core, FileMode.Open, FileAccess.Write);
        stream.SetLength(Math.Min(stream.Length, 12));
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information,
        Message = "Checkpointed {Service} in {ElapsedMs:F0} ms (CRIU frozen {FrozenMs:F0} ms, {Bytes} image bytes)")]
    private partial void LogCheckpointed(string service, double elapsedMs, double frozenMs, long bytes);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information,
        Message = "Restored {Service} in {ElapsedMs:F0} ms (CRIU restore {CriuMs:F0} ms)")]
    private partial void LogRestored(string service, double elapsedMs, double criuMs);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning,
        Message = "Rolled back {Service} on this host (restored from checkpoint: {Restored})")]
    private partial void LogResumed(string service, bool restored);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "{Service}: {Step} done in {ElapsedMs:F0} ms")]
    private partial void LogStep(string service, string step, double elapsedMs);
}
