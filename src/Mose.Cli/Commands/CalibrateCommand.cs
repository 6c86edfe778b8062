using System.CommandLine;
using System.Text.Json;
using Mose.Cli.Bench;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;
using Mose.Core.Services;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose calibrate`: fits a host's model constants from a dprgen sweep of real migrations.</summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "the host to calibrate, e.g. edge1" };
        var peer = new Option<string>("--peer")
            { Description = "the host migrations go to and come back from (default: another edge)" };
        var sizes = new Option<string>("--sizes")
            {
                Description = "dprgen state sizes in MB",
                DefaultValueFactory = _ => string.Join(',', Calibration.Sizes),
            };
        var rates = new Option<string>("--rates")
            {
                Description = "pages rewritten per second",
                DefaultValueFactory = _ => string.Join(',', Calibration.Rates),
            };
        var json = new Option<bool>("--json") { Description = "print the fitted constants as JSON" };
        var command = new Command("calibrate",
            "Fit a host's migration model from real migrations of dprgen (40 moves, about 1.5 minutes)")
            { host, peer, sizes, rates, json };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var name = result.GetValue(host)!;
            var sizeList = BenchPreCopyCommand.Parse<int>(result.GetValue(sizes)!, "--sizes (8 to 2048 MB)",
                s => int.TryParse(s, out var v) && v is >= 8 and <= 2048 ? v : null);
            var rateList = BenchPreCopyCommand.Parse<int>(result.GetValue(rates)!, $"--rates (0 to {Dprgen.MaxRate})",
                s => int.TryParse(s, out var v) && v is >= 0 and <= Dprgen.MaxRate ? v : null);
            await new LabController(Progress.Say).UpAsync(null, token).ConfigureAwait(false);
            var hosts = (await LabController.Orchestrator().StatusAsync(new StatusRequest(), cancellationToken: token))
                .Hosts.Select(h => h.Name).ToList();
            var other = result.GetValue(peer) ?? hosts.FirstOrDefault(h => h != name && h.StartsWith("edge"));
            var unknown = new[] { name, other }.Where(h => h is null || !hosts.Contains(h)).ToList();
            if (unknown.Count > 0 || other == name)
            {
                throw new UserException(other == name ? "--peer must be another host than the one calibrated"
                    : $"unknown host '{unknown[0]}'; known hosts: {string.Join(", ", hosts)}");
            }

            var calibration = new Calibration(name, other!, Progress.Say);
            await calibration.RunAsync(sizeList, rateList, token).ConfigureAwait(false);
            // Every move between the two hosts refits both, so both models changed.
            var all = await LabController.Orchestrator().ModelAsync(new ModelRequest(), cancellationToken: token);
            var model = new ModelReply();
            model.Hosts.AddRange(all.Hosts.Where(h => h.Host == name || h.Host == other));
            if (result.GetValue(json))
            {
                Output.WriteJson(model);
            }
            else
            {
                Print(model, name);
                Print(model, other!);
            }

            foreach (var problem in calibration.Problems)
            {
                Progress.Error(problem);
            }

            return calibration.Learnt == 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(ModelReply model, string host)
    {
        var mine = model.Hosts.FirstOrDefault(h => h.Host == host)
            ?? throw new UserException($"the orchestrator holds no model for {host}", ExitCodes.Failed);
        var constants = JsonSerializer.Deserialize<HostConstants>(mine.ConstantsJson)!;
        var table = new Table().AddColumns("phase", "fixed", "per MiB", "samples");
        foreach (var (phase, line) in constants.Phases)
        {
            table.AddRow(phase, $"{line.Intercept:F0} ms", $"{line.Slope:F2} ms",
                $"{constants.Samples.GetValueOrDefault(phase)}");
        }

        table.Title = new TableTitle($"model of {host} ({mine.Samples} samples)");
        AnsiConsole.Write(table);
    }
}
