using System.Collections.Concurrent;
using Grpc.Net.Client;
using Mose.Contracts;
using AgentClient = Mose.Contracts.Agent.Agent.AgentClient;

namespace Mose.Orchestrator;

/// <summary>The agents the orchestrator knows, with one channel each.</summary>
public sealed class AgentDirectory(OrchestratorOptions options)
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();

    /// <summary>Known host names, sorted.</summary>
    public IReadOnlyList<string> Hosts => options.Agents.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>True when the host has an agent.</summary>
    public bool Contains(string host) => options.Agents.ContainsKey(host);

    /// <summary>A known host's agent address ("unix:/path" or "host:port").</summary>
    public string AddressOf(string host) => options.Agents[host];

    /// <summary>The client of a host's agent; unknown hosts get an error listing the known ones.</summary>
    public AgentClient Get(string host)
    {
        if (!options.Agents.TryGetValue(host, out var address))
        {
            throw new ArgumentException($"unknown host '{host}'; known hosts: {string.Join(", ", Hosts)}");
        }

        return new AgentClient(_channels.GetOrAdd(host, _ => Channels.Create(address)));
    }

    /// <summary>Asks each host's agent to describe itself, allowing a few seconds; returns what
    /// <see cref="NoAnswer"/> says of each that gives no answer.</summary>
    public async Task<IReadOnlyList<string>> NoAnswersAsync(IEnumerable<string> hosts)
    {
        var answers = await Task.WhenAll(hosts.Distinct().Select(async host =>
        {
            try
            {
                await Get(host).DescribeAsync(new Contracts.Agent.DescribeRequest(),
                    deadline: DateTime.UtcNow.AddSeconds(3));
                return null;
            }
            catch (Grpc.Core.RpcException e) when (IsSilence(e))
            {
                return NoAnswer(host, e);
            }
        })).ConfigureAwait(false);
        return answers.OfType<string>().ToList();
    }

    /// <summary>What the orchestrator's caller gets when an agent call failed: an agent that does not answer
    /// is the lab's state (FailedPrecondition, named as such), never gRPC's text for a lost connection, which
    /// the caller would take for a lost orchestrator; other failures keep their code and the agent's
    /// detail.</summary>
    public static Grpc.Core.RpcException Failed(string host, string what, Grpc.Core.RpcException e) =>
        IsSilence(e)
            ? new(new(Grpc.Core.StatusCode.FailedPrecondition, $"{what} on {host} failed: {NoAnswer(host, e)}"))
            : new(new(e.StatusCode, $"{what} on {host} failed: {e.Status.Detail}"));

    /// <summary>True when a call failed because the agent gave no answer (gone, or not in time), not because
    /// it refused.</summary>
    public static bool IsSilence(Grpc.Core.RpcException e) =>
        e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded;

    /// <summary>
    /// Says that a host's agent gave no answer, where and what to do; gRPC's own text for a missing unix socket
    /// ("Cannot assign requested address (localhost:80)") would point at the wrong thing.
    /// </summary>
    public static string NoAnswer(string host, Grpc.Core.RpcException e) =>
        $"the agent of {host} does not answer" +
        (e.StatusCode == Grpc.Core.StatusCode.DeadlineExceeded ? " in time" : "") +
        "; is it running? `mose status` shows which, `mose lab up` restarts a lab's agents";
}
