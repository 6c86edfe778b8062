using System.CommandLine;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Services;

namespace Mose.Cli.Commands;

/// <summary>`mose lab up|down|deploy`: the embedded lab on this machine.</summary>
public static class LabCommand
{
    public static Command Create()
    {
        var rate = new Option<string>("--rate")
        {
            Description = $"links' rate (tbf): {LabController.DefaultRate} for a new lab; given to a lab " +
                "that is up, it reshapes the links",
        };
        var up = new Command("up", "Build the lab: core router, edge1..edge3, ue, agents, orchestrator") { rate };
        up.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var asked = result.GetValue(rate);
            if (asked is not null && Durations.ParseRate(asked) is not (>= 1_000_000 and <= 100_000_000_000))
            {
                throw new UserException($"'{asked}' is not a link rate from 1mbit to 100gbit; " +
                    "use e.g. 1gbit or 200mbit");
            }

            await new LabController(Progress.Say).UpAsync(asked, token).ConfigureAwait(false);
            Progress.Say("lab is up");
            return ExitCodes.Ok;
        }));

        var down = new Command("down", "Remove every trace of the lab");
        down.SetAction((_, token) => Guarded.RunAsync(async () =>
        {
            await new LabController(Progress.Say).DownAsync(token).ConfigureAwait(false);
            Progress.Say("lab is down");
            return ExitCodes.Ok;
        }));

        return new Command("lab", "The embedded lab (network namespaces on this machine)") { up, down, Deploy(), Remove() };
    }

    private static Command Remove()
    {
        var name = new Argument<string>("service") { Description = "service name" };
        var command = new Command("remove", "Stop a service and remove it with its network identity") { name };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var reply = await LabController.Orchestrator().RemoveAsync(
                new RemoveServiceRequest { Name = result.GetValue(name)! }, cancellationToken: token);
            Progress.Say($"removed {result.GetValue(name)} from {reply.Host}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Deploy()
    {
        var kind = new Argument<string>("kind")
            { Description = "service kind: " + string.Join(", ", ServiceCatalog.All.Select(k => k.Name)) };
        var name = new Option<string?>("--name") { Description = "service name (default: the kind)" };
        var host = new Option<string>("--host") { Description = "edge host", DefaultValueFactory = _ => "edge1" };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var state = new Option<string?>("--state")
            { Description = "dprgen only: state size, 1MB to 8GB (e.g. 64MB, 256MiB, 1GB; MB means MiB)" };
        var pageRate = new Option<int?>("--rate")
            { Description = $"dprgen only: pages rewritten per second, 0 to {Dprgen.MaxRate} (default 0)" };
        var seed = new Option<long?>("--seed")
            { Description = "dprgen only: seed of the page contents (services with the same seed share pages)" };
        var command = new Command("deploy", "Deploy a sample service on an edge host")
            { kind, name, host, json, state, pageRate, seed };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var args = DeployArgs.From(result.GetValue(kind)!, result.GetValue(state),
                result.GetValue(pageRate), result.GetValue(seed));
            var request = new DeployServiceRequest
            {
                Kind = result.GetValue(kind)!, Name = result.GetValue(name) ?? "", Host = result.GetValue(host)!,
            };
            request.Args.AddRange(args);
            var placement = await LabController.Orchestrator().DeployAsync(request, cancellationToken: token);
            if (result.GetValue(json))
            {
                Output.WriteJson(placement);
            }
            else
            {
                Output.Result($"{placement.Name} ({placement.Kind}) runs on {placement.Host} at " +
                    $"{placement.Ip}:{string.Join(",", placement.Ports)}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
