using System.CommandLine;
using Mose.Core;
using Mose.Core.Processes;
using Mose.Runtime.Probe;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose doctor`: what this host can do for migration, probed with the real tools.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var quick = new Option<bool>("--quick") { Description = "skip the real TCP dump test" };
        var command = new Command("doctor", "Probe this host: kernel, CRIU and its features, runc, space, CPU")
            { json, quick };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var dataRoot = Path.Combine(Path.GetTempPath(), "mose-doctor");
            var report = await new HostProber(CommandRunner.Instance, MosePaths.Criu, "runc", dataRoot)
                .ProbeAsync(deep: !result.GetValue(quick), token).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                Output.WriteJson(report);
            }
            else
            {
                Print(report);
            }

            return report.Has(HostProber.CriuWorks) && report.Has(HostProber.Runc) ? ExitCodes.Ok : ExitCodes.Environment;
        }));
        return command;
    }

    private static void Print(HostReport report)
    {
        var table = new Table().AddColumns("check", "result", "detail");
        table.AddRow("kernel", "", Markup.Escape(report.Kernel));
        table.AddRow("criu version", "", Markup.Escape(report.CriuVersion));
        table.AddRow("runc version", "", Markup.Escape(report.RuncVersion));
        table.AddRow("free space", "", Output.Bytes(report.FreeBytes));
        table.AddRow("cpu", "", Markup.Escape($"{report.CpuModel} ({report.CpuFlags.Count} flags)"));
        foreach (var cap in report.Capabilities)
        {
            var result = cap.Available ? "[green]yes[/]"
                : cap.Detail.StartsWith("not tested", StringComparison.Ordinal) ? "[grey]untested[/]" : "[red]no[/]";
            table.AddRow(cap.Name, result, Markup.Escape(cap.Detail));
        }

        AnsiConsole.Write(table);
    }
}
