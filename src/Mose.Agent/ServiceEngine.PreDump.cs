using System.Text.RegularExpressions;
using Mose.Agent.Services;
using Mose.Contracts.Agent;

namespace Mose.Agent;

/// <summary>CRIU's own pre-copy on the source: a chain of pre-dumps under the workspace's predump directory.</summary>
public sealed partial class ServiceEngine
{
    /// <summary>Directory of the pre-dump chain, relative to the workspace; it travels as state part "predump".</summary>
    public const string PreDumpDirectory = "predump";

    /// <summary>Source: pre-dumps the running service (it keeps running); round 1 starts a new chain.</summary>
    public Task<PreDumpReply> PreDumpAsync(string name, int round, CancellationToken cancellationToken) =>
        WithLock(name, async () =>
        {
            var record = RequireRecord(name);
            if (record.State != ServiceRecord.Running || round < 1)
            {
                throw new AgentException(AgentErrorKind.Precondition,
                    $"service '{name}' is {record.State} on {options.Name}; pre-dump round {round} needs it running");
            }

            var ws = Workspace(name);
            var chain = Path.Combine(ws.Root, PreDumpDirectory);
            if (round == 1)
            {
                await ServiceWorkspace.ResetAsync(chain, cancellationToken).ConfigureAwait(false);
            }

            var relative = $"{PreDumpDirectory}/pre-{round}";
            var images = Path.Combine(ws.Root, relative);
            var work = Path.Combine(ws.Root, "work-predump");
            await ServiceWorkspace.ResetAsync(work, cancellationToken).ConfigureAwait(false);
            var result = await runtime.PreDumpAsync(name, images, round == 1 ? null : $"../pre-{round - 1}", work,
                cancellationToken).ConfigureAwait(false);
            return new PreDumpReply
            {
                ElapsedMs = result.Elapsed.TotalMilliseconds, PagesWritten = result.Stats?.PagesWritten ?? 0,
                ImageBytes = result.ImageBytes, Path = relative,
            };
        });

    // The final dump's parent, as CRIU wants it: relative to the image directory. Only a pre-dump of this
    // workspace's chain is accepted, so a request cannot point CRIU elsewhere.
    private string? ParentFor(string name, string parent)
    {
        if (parent.Length == 0)
        {
            return null;
        }

        if (!PreDumpName().IsMatch(parent) || !Directory.Exists(Path.Combine(Workspace(name).Root, parent)))
        {
            throw new AgentException(AgentErrorKind.Invalid, $"'{parent}' is not a pre-dump of '{name}' here");
        }

        return Path.Combine("..", parent);
    }

    [GeneratedRegex("^predump/pre-[1-9][0-9]{0,2}$")]
    private static partial Regex PreDumpName();
}
