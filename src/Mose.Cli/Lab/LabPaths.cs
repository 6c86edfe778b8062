using Mose.Core;

namespace Mose.Cli.Lab;

/// <summary>Where the embedded lab keeps its sockets, pid files, logs and data.</summary>
public static class LabPaths
{
    public static string Root => MosePaths.LabRoot;

    public static string Run => Path.Combine(Root, "run");

    public static string Logs => Path.Combine(Root, "logs");

    public static string OrchestratorSocket => Path.Combine(Run, "orchestrator.sock");

    public static string OrchestratorState => Path.Combine(Root, "orchestrator");

    public static string AgentSocket(string host) => Path.Combine(Run, $"{host}.sock");

    public static string AgentData(string host) => Path.Combine(Root, "hosts", host);

    public static string PidFile(string daemon) => Path.Combine(Run, $"{daemon}.pid");

    public static string LogFile(string daemon) => Path.Combine(Logs, $"{daemon}.log");
}
