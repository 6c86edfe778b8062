using System.Diagnostics;
using Mose.Contracts.Agent;
using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Orchestrator.Migration;

/// <summary>The pre-copy rounds of a migration, before the freeze. They only add state on the destination,
/// which the destination's Abort removes, so they need no undo of their own.</summary>
internal sealed partial class MigrationSaga
{
    /// <summary>Mose's pre-copy: each round reads the running service's memory on the source and sends the
    /// pages the destination lacks, until the policy stops the rounds.</summary>
    public Task PreCopyAsync(IRoundJudge judge, CancellationToken cancellationToken) =>
        Rounds(judge, "reading memory live", async round =>
        {
            var reply = await source.PreCopyRoundAsync(new PreCopyRoundRequest
            {
                Name = service.Name, MigrationId = id, PeerAddress = DestinationAddress,
                BandwidthBps = request.BandwidthBps, Round = round,
            }, deadline: Deadline(), cancellationToken: cancellationToken);
            return new RoundStats
            {
                Round = round, PagesPresent = reply.PagesPresent, PagesDirtied = reply.PagesDirtied,
                PagesSent = reply.PagesSent, RawBytes = reply.RawBytes, WireBytes = reply.WireBytes,
                ReadMs = reply.ReadMs, Ms = reply.ElapsedMs,
            };
        });

    /// <summary>CRIU's pre-copy: each round is a pre-dump (only pages the kernel saw dirtied since the last)
    /// sent as files; the final dump then names the last pre-dump as its parent.</summary>
    public Task PreDumpAsync(IRoundJudge judge, CancellationToken cancellationToken) =>
        Rounds(judge, "pre-dumping with CRIU", async round =>
        {
            _sourceTouched = true; // a pre-dump freezes the service for a moment
            var stopwatch = Stopwatch.StartNew();
            var dump = await source.PreDumpAsync(new PreDumpRequest { Name = service.Name, MigrationId = id, Round = round },
                deadline: Deadline(), cancellationToken: cancellationToken);
            var sent = await Send("predump", cancellationToken).ConfigureAwait(false);
            _parentDump = dump.Path;

            // Send() already counted these bytes; the round's copy of them must not count twice.
            result.BytesSent -= sent.WireBytes;
            result.RawBytes -= sent.RawBytes;
            return new RoundStats
            {
                Round = round, PagesDirtied = dump.PagesWritten, PagesSent = dump.PagesWritten,
                RawBytes = sent.RawBytes, WireBytes = sent.WireBytes, ReadMs = dump.ElapsedMs,
                Ms = stopwatch.Elapsed.TotalMilliseconds,
            };
        });

    private async Task Rounds(IRoundJudge judge, string what, Func<int, Task<RoundStats>> runRound)
    {
        var started = Stopwatch.StartNew();
        await Step(MigrationExecutor.PreCopy, $"{what} on {service.Host} while it runs", async () =>
        {
            for (var round = 1; ; round++)
            {
                var stats = await runRound(round).ConfigureAwait(false);
                lock (result)
                {
                    result.Rounds.Add(stats);
                    result.BytesSent += stats.WireBytes;
                    result.RawBytes += stats.RawBytes;
                }

                progress(MigrationExecutor.PreCopy, $"round {round}: {stats.PagesDirtied} pages dirtied, " +
                    $"{stats.PagesSent} sent ({stats.RawBytes / 1048576.0:F1} MiB) in {stats.Ms:F0} ms");
                var decision = judge.Decide(result.Rounds, started.Elapsed);
                if (decision.Action == RoundAction.Continue)
                {
                    continue;
                }

                result.StopReason = decision.Reason;
                progress(MigrationExecutor.PreCopy, $"rounds end: {decision.Reason}");
                if (decision.Action == RoundAction.Abort)
                {
                    throw new InvalidOperationException($"the controller aborted the migration: {decision.Reason}");
                }

                return;
            }
        }).ConfigureAwait(false);
    }
}
