using System.CommandLine;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Commands;

/// <summary>`mose link`: the bandwidth between two agents, measured by streaming from one to the
/// other.</summary>
public static class LinkCommand
{
    public static Command Create()
    {
        var from = new Argument<string>("from") { Description = "host that sends" };
        var to = new Argument<string>("to") { Description = "host that receives" };
        var seconds = new Option<double>("--seconds")
        {
            Description = "how long to send (0.1 to 10)", DefaultValueFactory = _ => 0.5,
        };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("link",
            "Measure the bandwidth from one host's agent to another's, on the path a migration's state takes")
            { from, to, seconds, json };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            // The orchestrator reads 0 as its default; a person who typed 0 gets the range instead.
            if (result.GetValue(seconds) is < 0.1 or > 10 || double.IsNaN(result.GetValue(seconds)))
            {
                throw new UserException($"seconds {result.GetValue(seconds)} out of range: use 0.1 to 10 s");
            }

            var reply = await LabController.Orchestrator().MeasureLinkAsync(new LinkRequest
            {
                Source = result.GetValue(from)!, Destination = result.GetValue(to)!,
                Seconds = result.GetValue(seconds),
            }, cancellationToken: token);
            if (result.GetValue(json))
            {
                Output.WriteJson(reply);
            }
            else
            {
                // The result itself, so on stdout like a table, not among the progress lines on stderr.
                Console.Out.WriteLine($"{reply.Source} -> {reply.Destination}: " +
                    $"{reply.BitsPerSecond / 1e6:F0} Mbit/s " +
                    $"({Output.Bytes(reply.Bytes)} in {Output.Ms(reply.Ms)})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
