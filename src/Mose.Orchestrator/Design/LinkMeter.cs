using Grpc.Core;
using Mose.Contracts.Agent;
using AgentClient = Mose.Contracts.Agent.Agent.AgentClient;

namespace Mose.Orchestrator.Design;

/// <summary>
/// Measures the bandwidth between two agents for the designer: the source streams to the destination's data
/// address, the path a migration's state takes. A measurement is kept for <see cref="MaxAge"/> per ordered
/// pair of hosts. One runs at a time: two at once would share the core router's links and each see less than
/// is there.
/// </summary>
public sealed class LinkMeter(AgentDirectory agents, TimeProvider time) : IDisposable
{
    /// <summary>How long a measurement is reused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan DescribeTimeout = TimeSpan.FromSeconds(30);

    // The agent allows two minutes for what it sent to drain (slow links); this leaves it room to say so.
    private static readonly TimeSpan MeasureSlack = TimeSpan.FromMinutes(3);

    private readonly Dictionary<(string, string), LinkMeasurement> _cache = [];
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>The bandwidth from <paramref name="source"/> to <paramref name="destination"/>: a measurement
    /// younger than <see cref="MaxAge"/>, or a new one.</summary>
    public Task<LinkMeasurement> MeasureAsync(string source, string destination,
        CancellationToken cancellationToken) =>
        MeasureAsync(source, destination, fresh: false, seconds: 0, cancellationToken);

    /// <summary>Like <see cref="MeasureAsync(string, string, CancellationToken)"/>; with
    /// <paramref name="fresh"/> it measures even when a recent result is kept, and keeps the new one.
    /// <paramref name="seconds"/> is how long the source sends, 0 for the agent's default.</summary>
    /// <exception cref="ArgumentException">A host is unknown, or both are the same.</exception>
    /// <exception cref="LinkMeasurementException">An agent failed or refused; the message says
    /// which.</exception>
    public async Task<LinkMeasurement> MeasureAsync(string source, string destination, bool fresh,
        double seconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        Validate(source, destination);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Checked only now: whoever held the lock may just have measured this pair.
            if (!fresh && Cached(source, destination) is { } cached)
            {
                return cached;
            }

            var measured = await MeasureNowAsync(source, destination, seconds, cancellationToken)
                .ConfigureAwait(false);
            lock (_cache)
            {
                _cache[(source, destination)] = measured;
            }

            return measured;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _one.Dispose();

    private void Validate(string source, string destination)
    {
        var problems = new[] { source, destination }.Distinct().Where(h => !agents.Contains(h))
            .Select(h => $"unknown host '{h}'").ToList();
        if (problems.Count == 0 && source == destination)
        {
            problems.Add($"source and destination are both '{source}'; measure between two hosts");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"{string.Join("; ", problems)}; known hosts: {string.Join(", ", agents.Hosts)}");
        }
    }

    private LinkMeasurement? Cached(string source, string destination)
    {
        lock (_cache)
        {
            return _cache.TryGetValue((source, destination), out var m)
                && time.GetUtcNow() - m.MeasuredAt < MaxAge ? m : null;
        }
    }

    private async Task<LinkMeasurement> MeasureNowAsync(string source, string destination, double seconds,
        CancellationToken cancellationToken)
    {
        var info = await Call(destination, "describing it", client => client.DescribeAsync(
            new DescribeRequest(), deadline: Deadline(DescribeTimeout), cancellationToken: cancellationToken)
            .ResponseAsync).ConfigureAwait(false);
        var request = new MeasureLinkRequest { PeerAddress = info.DataAddress, Seconds = seconds };
        var reply = await Call(source, $"measuring towards {destination} ({info.DataAddress})",
            client => client.MeasureLinkAsync(request,
                deadline: Deadline(TimeSpan.FromSeconds(seconds) + MeasureSlack),
                cancellationToken: cancellationToken).ResponseAsync).ConfigureAwait(false);
        return new LinkMeasurement(reply.BitsPerSecond, reply.Bytes, reply.Ms, time.GetUtcNow());
    }

    private async Task<T> Call<T>(string host, string what, Func<AgentClient, Task<T>> call)
    {
        try
        {
            return await call(agents.Get(host)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            var why = e.StatusCode == StatusCode.Unavailable ? AgentDirectory.NoAnswer(host, e) : e.Status.Detail;
            throw new LinkMeasurementException($"link measurement failed on {host}, {what}: {why}", e,
                invalidRequest: e.StatusCode == StatusCode.InvalidArgument);
        }
    }

    private DateTime Deadline(TimeSpan timeout) => time.GetUtcNow().UtcDateTime + timeout;
}
