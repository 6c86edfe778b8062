using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mose.Agent.Services;
using Mose.Contracts.Agent;
using Mose.Network;
using Mose.Runtime;
using Mose.Runtime.Runc;

namespace Mose.Agent;

/// <summary>
/// Everything an agent does to services on its host: deploy, and each migration step on either side.
/// Steps on one service are serialized; everything before the commit can be undone.
/// </summary>
public sealed partial class ServiceEngine(AgentOptions options, IContainerRuntime runtime, ServiceNetwork network,
    TcpLock tcpLock, ILogger<ServiceEngine> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>Workspace of a service on this host.</summary>
    public ServiceWorkspace Workspace(string name) => new(options.DataRoot, name);

    /// <summary>Deploys a new service: bundle, network identity, container, and waits until it listens.</summary>
    public Task<ServiceInfo> DeployAsync(ServiceSpec spec, CancellationToken cancellationToken) =>
        WithLock(spec.Name, async () =>
        {
            ValidateSpec(spec);
            var ws = Workspace(spec.Name);
            if (ServiceRecord.Load(ws.RecordFile) is not null)
            {
                throw new AgentException(AgentErrorKind.Precondition, $"service '{spec.Name}' already exists on {options.Name}");
            }

            await ws.DeleteAsync(cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(ws.Root);
            var record = new ServiceRecord(spec.Name, spec.Kind, spec.Args.ToList(), spec.Ip, spec.Ports.ToList(),
                ServiceRecord.Running);
            try
            {
                var netns = network.NetnsName(spec.Name);
                BundleBuilder.Create(ws.Bundle, spec.Name, spec.Args.ToList(), IpTool.NetnsPath(netns), CgroupPath(spec.Name));
                await network.CreateAsync(spec.Name, IPAddress.Parse(spec.Ip), locked: false, tcpLock, cancellationToken)
                    .ConfigureAwait(false);
                await runtime.RunAsync(spec.Name, ws.Bundle, cancellationToken).ConfigureAwait(false);
                await WaitListeningAsync(spec, cancellationToken).ConfigureAwait(false);
                record.Save(ws.RecordFile);
            }
            catch
            {
                await CleanupAsync(spec.Name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            LogDeployed(spec.Name, spec.Kind, spec.Ip);
            return await DescribeAsync(record, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Every service this agent holds, with its runtime state.</summary>
    public async Task<IReadOnlyList<ServiceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(options.DataRoot, "services");
        var result = new List<ServiceInfo>();
        if (!Directory.Exists(root))
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (ServiceRecord.Load(Path.Combine(dir, "service.json")) is { } record)
            {
                result.Add(await DescribeAsync(record, cancellationToken).ConfigureAwait(false));
            }
        }

        return result;
    }

    /// <summary>Stops and removes a service and its network identity.</summary>
    public Task RemoveAsync(string name, CancellationToken cancellationToken) =>
        WithLock(name, async () =>
        {
            RequireRecord(name);
            await CleanupAsync(name, cancellationToken).ConfigureAwait(false);
            LogRemoved(name);
            return true;
        });

    internal ServiceRecord RequireRecord(string name) =>
        ServiceRecord.Load(Workspace(name).RecordFile)
        ?? throw new AgentException(AgentErrorKind.NotFound, $"service '{name}' is not on host {options.Name}");

    internal async Task CleanupAsync(string name, CancellationToken cancellationToken)
    {
        await runtime.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        await network.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        await Workspace(name).DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    internal string CgroupPath(string name) => $"/{options.NetnsPrefix}/{name}";

    internal async Task<T> WithLock<T>(string name, Func<Task<T>> action)
    {
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    internal async Task<ServiceInfo> DescribeAsync(ServiceRecord record, CancellationToken cancellationToken)
    {
        var state = await runtime.StateAsync(record.Name, cancellationToken).ConfigureAwait(false);
        var info = new ServiceInfo
        {
            Spec = ToSpec(record),
            Host = options.Name,
            State = record.State == ServiceRecord.Running ? state?.Status ?? "missing" : record.State,
            Pid = state?.Pid ?? 0,
        };
        return info;
    }

    internal static ServiceSpec ToSpec(ServiceRecord record)
    {
        var spec = new ServiceSpec { Name = record.Name, Kind = record.Kind, Ip = record.Ip };
        spec.Args.AddRange(record.Args);
        spec.Ports.AddRange(record.Ports);
        return spec;
    }

    internal static void ValidateSpec(ServiceSpec spec)
    {
        var problems = new List<string>();
        if (Core.Services.ServiceNames.Validate(spec.Name) is { } error)
        {
            problems.Add(error);
        }

        if (!IPAddress.TryParse(spec.Ip, out _))
        {
            problems.Add($"'{spec.Ip}' is not an IP address");
        }

        if (spec.Args.Count == 0)
        {
            problems.Add("no program to run");
        }

        if (problems.Count > 0)
        {
            throw new AgentException(AgentErrorKind.Invalid, string.Join("; ", problems));
        }
    }

    /// <summary>Waits until every port of the service accepts a connection through the host's route.</summary>
    internal static async Task WaitListeningAsync(ServiceSpec spec, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in spec.Ports)
        {
            while (true)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                    await socket.ConnectAsync(IPAddress.Parse(spec.Ip), port, attempt.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException
                    && !cancellationToken.IsCancellationRequested)
                {
                    // A minute: dprgen fills gigabytes before it listens.
                    if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        throw new AgentException(AgentErrorKind.Precondition,
                            $"service '{spec.Name}' does not accept connections on {spec.Ip}:{port} after 60 s " +
                            $"(see {BundleBuilder.ServiceLog} in its rootfs)");
                    }

                    await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Deployed {Service} ({Kind}) at {Ip}")]
    private partial void LogDeployed(string service, string kind, string ip);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Removed {Service}")]
    private partial void LogRemoved(string service);
}
