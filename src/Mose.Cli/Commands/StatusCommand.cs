using System.CommandLine;
using Mose.Cli.Lab;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose status`: hosts, services, where each runs.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("status", "Show hosts and services") { json };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var status = await LabController.Orchestrator().StatusAsync(new(), cancellationToken: token);
            if (result.GetValue(json))
            {
                Output.WriteJson(status);
                return ExitCodes.Ok;
            }

            var hosts = new Table().AddColumns("host", "reachable", "criu", "tcp", "dirty tracking", "strategies",
                "chunk store", "data address");
            foreach (var h in status.Hosts)
            {
                hosts.AddRow(h.Name, h.Reachable ? "[green]yes[/]" : $"[red]no[/]: {Markup.Escape(h.Error)}",
                    Markup.Escape(h.CriuVersion), h.TcpEstablished ? "yes" : "no", h.DirtyTracking ? "yes" : "no",
                    string.Join(", ", h.Strategies), Output.Bytes(h.ChunkStoreBytes), h.DataAddress);
            }

            var services = new Table().AddColumns("service", "kind", "ip", "ports", "host", "state");
            foreach (var s in status.Services)
            {
                services.AddRow(s.Name, s.Kind, s.Ip, string.Join(",", s.Ports), s.Host, s.State);
            }

            AnsiConsole.Write(hosts);
            AnsiConsole.Write(services);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
