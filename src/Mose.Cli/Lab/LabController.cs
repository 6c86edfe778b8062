using System.Diagnostics;
using Grpc.Core;
using Mose.Contracts;
using Mose.Contracts.Agent;
using Mose.Core;
using Mose.Core.Processes;
using Mose.Network;
using Mose.Network.Lab;
using Mose.Runtime.Runc;
using OrchestratorClient = Mose.Contracts.Orchestrator.Orchestrator.OrchestratorClient;

namespace Mose.Cli.Lab;

/// <summary>Brings the embedded lab up and down: namespaces and links, an agent per edge, the orchestrator.</summary>
public sealed class LabController(Action<string> say)
{
    private const int DataPort = 7700;
    private readonly LabTopology _topology = new(new IpTool(CommandRunner.Instance));

    /// <summary>The links' rate of a new lab.</summary>
    public const string DefaultRate = "1gbit";

    /// <summary>Builds what is missing and starts what is not running. A lab that is up is left as it is,
    /// except that a <paramref name="rate"/> given reshapes its links (and the designer's link measurements
    /// are taken again); null keeps the links as they are, <see cref="DefaultRate"/> for a new lab.</summary>
    public async Task UpAsync(string? rate, CancellationToken cancellationToken)
    {
        RequireRoot();
        if (!File.Exists(MosePaths.Criu))
        {
            throw new UserException($"CRIU is not installed at {MosePaths.Criu}; run scripts/setup.sh (./mose does)",
                ExitCodes.Environment);
        }

        var reshaped = false;
        if (!LabTopology.IsUp())
        {
            rate ??= DefaultRate;
            say($"creating namespaces and {rate} links (core, {string.Join(", ", LabTopology.Hosts.Select(h => h.Name))})");
            await StopDaemonsAsync(cancellationToken).ConfigureAwait(false);
            await _topology.UpAsync(rate, cancellationToken).ConfigureAwait(false);
        }
        else if (rate is not null)
        {
            say($"shaping the links to {rate}");
            await _topology.ShapeLinksAsync(rate, cancellationToken).ConfigureAwait(false);
            reshaped = true;
        }

        foreach (var edge in LabTopology.Edges)
        {
            var name = $"agent-{edge.Name}";
            if (!Daemon.IsRunning(name))
            {
                say($"starting agent on {edge.Name}");
                Daemon.Start(name, ["nsenter", $"--net={IpTool.NetnsPath(edge.Netns)}", .. Daemon.Self(), "agent",
                    "--name", edge.Name, "--data", LabPaths.AgentData(edge.Name),
                    "--control", LabPaths.AgentSocket(edge.Name), "--data-address", $"{edge.Address}:{DataPort}",
                    "--netns-prefix", edge.Netns]);
            }
        }

        if (!Daemon.IsRunning("orchestrator"))
        {
            say("starting orchestrator");
            Daemon.Start("orchestrator", [.. Daemon.Self(), "orchestrator", "--control", LabPaths.OrchestratorSocket,
                "--state", LabPaths.OrchestratorState,
                .. LabTopology.Edges.SelectMany(e => new[] { "--agent", $"{e.Name}=unix:{LabPaths.AgentSocket(e.Name)}" })]);
        }

        var stale = LabTopology.Edges.Select(e => $"agent-{e.Name}").Append("orchestrator")
            .Where(Daemon.RunsOlderBuild).ToList();
        if (stale.Count > 0)
        {
            say($"warning: {string.Join(", ", stale)} started before this build of mose and run older code; " +
                "`./mose lab down` then up runs the new one (down removes the lab's services and history)");
        }

        say("waiting for agents (each probes its host: CRIU, TCP dump test)");
        await Task.WhenAll(LabTopology.Edges.Select(e => WaitAgentAsync(e.Name, cancellationToken))).ConfigureAwait(false);
        await WaitOrchestratorAsync(cancellationToken).ConfigureAwait(false);
        if (reshaped)
        {
            await LabLinks.MeasureAllAsync(say, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every trace: daemons, containers, namespaces, files. Safe to run when nothing is up.</summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        RequireRoot();
        await StopDaemonsAsync(cancellationToken).ConfigureAwait(false);
        var runner = CommandRunner.Instance;
        foreach (var edge in LabTopology.Edges)
        {
            // Every folder in runc's state root is a container, also one a killed restore left half made;
            // the driver's delete handles both.
            var root = RuncOptions.StateRootUnder(LabPaths.AgentData(edge.Name));
            var runtime = new RuncRuntime(new RuncOptions { StateRoot = root }, runner);
            var ids = Directory.Exists(root) ? Directory.EnumerateDirectories(root).Select(Path.GetFileName) : [];
            foreach (var id in ids.OfType<string>())
            {
                say($"removing container {id} on {edge.Name}");
                await runtime.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }

        await _topology.DownAsync(cancellationToken).ConfigureAwait(false);
        foreach (var edge in LabTopology.Edges)
        {
            // Containers' cgroups go with them; the per-host parent the agents create does not.
            foreach (var busy in Cgroups.RemoveEverywhere(edge.Netns))
            {
                say($"cgroup {busy} still holds processes; left in place");
            }
        }

        if (Directory.Exists(LabPaths.Root))
        {
            // Killed restores can leave mounts (rootfs, CRIU's cgroup yard) inside the lab's folders.
            await Mounts.UnmountUnderAsync(runner, LabPaths.Root, cancellationToken).ConfigureAwait(false);
            Directory.Delete(LabPaths.Root, recursive: true);
        }
    }

    /// <summary>A client of the lab's orchestrator; fails with a clear message when the lab is down.</summary>
    public static OrchestratorClient Orchestrator()
    {
        if (!File.Exists(LabPaths.OrchestratorSocket) || !Daemon.IsRunning("orchestrator"))
        {
            throw new UserException(LabTopology.IsUp()
                ? "the lab's orchestrator is not running; `./mose lab up` restarts whatever is missing"
                : "the lab is not running; start it with: ./mose lab up", ExitCodes.Environment);
        }

        return new OrchestratorClient(Channels.Create($"unix:{LabPaths.OrchestratorSocket}"));
    }

    internal static void RequireRoot()
    {
        if (Posix.GetEuid() != 0)
        {
            throw new UserException("the lab needs root (network namespaces, runc, CRIU); run with sudo",
                ExitCodes.Environment);
        }
    }

    private static async Task StopDaemonsAsync(CancellationToken cancellationToken)
    {
        await Daemon.StopAsync("orchestrator", cancellationToken).ConfigureAwait(false);
        foreach (var edge in LabTopology.Edges)
        {
            await Daemon.StopAsync($"agent-{edge.Name}", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitAgentAsync(string host, CancellationToken cancellationToken)
    {
        var client = new Contracts.Agent.Agent.AgentClient(Channels.Create($"unix:{LabPaths.AgentSocket(host)}"));
        await WaitAsync($"agent-{host}", async () =>
        {
            var info = await client.DescribeAsync(new DescribeRequest(), deadline: DateTime.UtcNow.AddSeconds(30),
                cancellationToken: cancellationToken);
            if (!info.TcpEstablished)
            {
                throw new UserException($"{host}: CRIU {info.CriuVersion} cannot dump TCP connections here; " +
                    "see ./mose doctor", ExitCodes.Environment);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Task WaitOrchestratorAsync(CancellationToken cancellationToken) =>
        WaitAsync("orchestrator", async () => await Orchestrator().StatusAsync(new(),
            deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken), cancellationToken);

    private static async Task WaitAsync(string daemon, Func<Task> call, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsNotUpYet(e) && deadline.Elapsed < TimeSpan.FromSeconds(60)
                && Daemon.IsRunning(daemon))
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsNotUpYet(e))
            {
                var running = Daemon.IsRunning(daemon);
                var why = running ? $"did not answer within 60 s: {e.Message}" : $"exited, saying: {LastWords(daemon)}";
                throw new UserException($"{daemon} {why}; see {LabPaths.LogFile(daemon)}", ExitCodes.Environment);
            }
        }
    }

    // The end of an exited daemon's log: its own account of why it stopped (e.g. an unreadable store).
    private static string LastWords(string daemon)
    {
        var log = LabPaths.LogFile(daemon);
        var lines = File.Exists(log) ? File.ReadLines(log).Where(l => l.Trim().Length > 0).TakeLast(3).ToList() : [];
        return lines.Count > 0 ? string.Join(" | ", lines.Select(l => l.Trim())) : "nothing (its log is empty)";
    }

    // Before a daemon listens, its socket is missing or refuses: those are worth another try.
    private static bool IsNotUpYet(Exception e) =>
        e is RpcException or HttpRequestException || e is UserException { ExitCode: ExitCodes.Environment } u
            && u.Message.Contains("not running", StringComparison.Ordinal);
}
