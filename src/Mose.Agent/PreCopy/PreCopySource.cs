using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Mose.Agent.Services;
using Mose.Contracts.Agent;
using Mose.Runtime;
using Mose.Runtime.Memory;
using Mose.Transfer;

namespace Mose.Agent.PreCopy;

/// <summary>
/// Source side of Mose's pre-copy. A round reads every dumpable page of the running container through /proc
/// (no freeze, no kernel dirty bits), and sends each page whose content the destination does not hold yet;
/// the tracker counts what changed since the last round.
/// </summary>
public sealed partial class PreCopySource(IContainerRuntime runtime, LiveMemoryReader reader, TimeProvider time,
    ILogger<PreCopySource> logger)
{
    private readonly PreCopySessions _sessions = new();

    /// <summary>Runs one round towards <paramref name="peer"/>.</summary>
    public async Task<PreCopyRoundReply> RoundAsync(PreCopyRoundRequest request, Contracts.Agent.Agent.AgentClient peer,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pids = await ProcessesAsync(request.Name, cancellationToken).ConfigureAwait(false);
        var session = _sessions.For(request.Name, request.MigrationId);
        var tally = new MemoryReadTally();
        var readTicks = 0L;
        await using var pusher = new ChunkPusher(peer, request.Name, request.MigrationId, request.BandwidthBps / 8,
            time, cancellationToken);
        var candidates = new List<int>();
        var layout = new Dictionary<int, List<UInt128>>();
        var readStarted = time.GetTimestamp();
        await foreach (var batch in reader.ReadAsync(pids, tally, cancellationToken).ConfigureAwait(false))
        {
            readTicks += time.GetTimestamp() - readStarted;
            candidates.Clear();
            var pages = batch.Pages;
            for (var i = 0; i < pages.Length; i++)
            {
                session.Tracker.Observe(pages[i]);
                if (!layout.TryGetValue(pages[i].Pid, out var order))
                {
                    layout[pages[i].Pid] = order = [];
                }

                order.Add(pages[i].Hash);
                if (session.PeerHas.Add(pages[i].Hash))
                {
                    candidates.Add(i);
                }
            }

            await PushMissingAsync(pusher, batch, candidates).ConfigureAwait(false);
            readStarted = time.GetTimestamp();
        }

        await pusher.CompleteAsync().ConfigureAwait(false);
        await SendLayoutAsync(peer, request, layout, cancellationToken).ConfigureAwait(false);
        var round = session.Tracker.CompleteRound();
        session.Rounds++;
        var reply = new PreCopyRoundReply
        {
            Round = request.Round, PagesPresent = round.PresentPages, PagesDirtied = round.DirtiedPages,
            PagesSent = pusher.Chunks, RawBytes = pusher.RawBytes, WireBytes = pusher.WireBytes,
            ReadMs = readTicks * 1000.0 / time.TimestampFrequency, Processes = tally.Processes,
            ElapsedMs = time.GetElapsedTime(started).TotalMilliseconds,
        };
        LogRound(request.Name, reply.Round, reply.PagesPresent, reply.PagesDirtied, reply.PagesSent, reply.ElapsedMs);
        return reply;
    }

    /// <summary>The chunks the destination holds after this migration's rounds, or null without rounds.</summary>
    internal IReadOnlySet<UInt128>? PeerHas(string service, string migrationId) =>
        _sessions.Find(service, migrationId)?.PeerHas;

    /// <summary>Forgets the service's rounds: the migration is over, either way.</summary>
    public void End(string service) => _sessions.End(service);

    /// <summary>Measures the service's dirty-page rate with back-to-back live reads.</summary>
    public async Task<ProfileReply> ProfileAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var initPid = await InitPidAsync(name, cancellationToken).ConfigureAwait(false);
        var report = await new DirtyRateProfiler(reader, time).MeasureAsync(initPid, duration, cancellationToken)
            .ConfigureAwait(false);
        return new ProfileReply
        {
            PagesPresent = report.PresentPages, DirtyPagesPerSecond = report.DirtiedPagesPerSecond ?? 0,
            Rounds = report.Rounds.Count, ReadMs = report.PassReadTime.TotalMilliseconds,
            ReadMibPerSecond = report.ReadBytesPerSecond / (1024 * 1024), HotPages = report.HotPages,
        };
    }

    // Only processes with many pages get a draft: small ones rebuild in no time anyway.
    private static async Task SendLayoutAsync(Contracts.Agent.Agent.AgentClient peer, PreCopyRoundRequest request,
        Dictionary<int, List<UInt128>> layout, CancellationToken cancellationToken)
    {
        var message = new DraftLayout { Name = request.Name, MigrationId = request.MigrationId };
        message.Processes.AddRange(layout.Where(p => p.Value.Count >= 1024)
            .Select(p => new ProcessPages { Pid = p.Key, Hashes = ChunkWire.Pack(p.Value) }));
        if (message.Processes.Count > 0)
        {
            await peer.UpdateDraftsAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task PushMissingAsync(ChunkPusher pusher, PageBatch batch, List<int> candidates)
    {
        if (candidates.Count == 0)
        {
            return;
        }

        var hashes = new List<UInt128>(candidates.Count);
        var index = new Dictionary<UInt128, int>(candidates.Count);
        foreach (var i in candidates)
        {
            var hash = batch.Pages[i].Hash;
            hashes.Add(hash);
            index.TryAdd(hash, i);
        }

        foreach (var hash in await pusher.MissingAsync(hashes).ConfigureAwait(false))
        {
            var i = index[hash];
            await pusher.AddAsync(hash, batch.Content.Slice(i * LiveMemoryReader.PageSize, LiveMemoryReader.PageSize))
                .ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<int>> ProcessesAsync(string name, CancellationToken cancellationToken) =>
        ContainerProcesses.Find(await InitPidAsync(name, cancellationToken).ConfigureAwait(false));

    // Live reading needs a running container: its init's host pid roots the process tree.
    private async Task<int> InitPidAsync(string name, CancellationToken cancellationToken)
    {
        var state = await runtime.StateAsync(name, cancellationToken).ConfigureAwait(false);
        return state is { Status: "running", Pid: > 0 }
            ? state.Pid
            : throw new AgentException(AgentErrorKind.Precondition,
                $"service '{name}' is not running here (runtime: {state?.Status ?? "no container"}); " +
                "live reading needs a running service");
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Information,
        Message = "{Service}: pre-copy round {Round}: {Present} pages read, {Dirtied} dirtied, {Sent} sent in {ElapsedMs:F0} ms")]
    private partial void LogRound(string service, int round, long present, long dirtied, long sent, double elapsedMs);
}
