using System.CommandLine;
using Mose.Cli.Client;
using Mose.Probe;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose probe`: what a user in `ue` sees of a service: one connection, a request every interval.</summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "service name" };
        var duration = new Option<TimeSpan>("--duration")
            { Description = "how long (e.g. 10s)", CustomParser = Durations.DurationOption, DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var interval = new Option<TimeSpan>("--interval")
            { Description = "time between requests", CustomParser = Durations.DurationOption, DefaultValueFactory = _ => TimeSpan.FromMilliseconds(10) };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("probe", "Measure a service from the mobile client (ue): latency, errors, resets, gaps")
            { service, duration, interval, json };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            if (result.GetValue(interval) <= TimeSpan.Zero || result.GetValue(duration) <= TimeSpan.Zero)
            {
                throw new UserException("--duration and --interval must be positive");
            }

            if (result.GetValue(interval) >= result.GetValue(duration))
            {
                throw new UserException($"--interval {Output.Ms(result.GetValue(interval).TotalMilliseconds)} is " +
                    $"not shorter than --duration {Output.Ms(result.GetValue(duration).TotalMilliseconds)}: the probe " +
                    "would send one request and measure no gap");
            }

            var placement = await LabServices.FindAsync(result.GetValue(service)!, token).ConfigureAwait(false);
            if (!ProbeFactory.KnownKinds.Contains(placement.Kind))
            {
                throw new UserException($"no probe for kind '{placement.Kind}'");
            }

            var options = new ProbeOptions(placement.Kind, LabServices.Address(placement), placement.Ports[0],
                result.GetValue(duration), result.GetValue(interval), LabServices.ClientNetns);
            if (!result.GetValue(json))
            {
                Progress.Say($"probing {placement.Name} at {placement.Ip}:{placement.Ports[0]} from ue for " +
                    $"{options.Duration.TotalSeconds:0.#} s, every {options.Interval.TotalMilliseconds:0.#} ms");
            }

            var report = await ProbeFactory.Create(placement.Kind, TimeProvider.System).RunAsync(options, token)
                .ConfigureAwait(false);
            if (result.GetValue(json))
            {
                Output.WriteJson(report);
            }
            else
            {
                Print(report);
            }

            return report.ConnectionKept && report.Resets == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static void Print(ProbeReport r)
    {
        var table = new Table().AddColumns("requests", "errors", "resets", "p50", "p99", "max", "longest gap", "connection");
        table.AddRow(r.Requests.ToString(), r.Errors.ToString(), r.Resets.ToString(), $"{r.P50Ms:F2} ms",
            $"{r.P99Ms:F2} ms", $"{r.MaxMs:F1} ms", $"{r.LongestGapMs:F0} ms",
            r.ConnectionKept ? "[green]kept[/]" : "[red]lost[/]");
        AnsiConsole.Write(table);
        if (r.Error is not null)
        {
            Progress.Error(r.Error);
        }
    }
}
