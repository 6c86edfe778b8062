using System.CommandLine;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Commands;

/// <summary>`mose profile`: measures a running service's dirty-page rate by reading its memory live.</summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "service name" };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "how long to watch (0.5s to 10m)", CustomParser = Durations.DurationOption,
            DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
        };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("profile",
            "Measure a service's memory and dirty-page rate without stopping it (the pre-copy reader)")
            { service, duration, json };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var profile = await LabController.Orchestrator().ProfileAsync(new ProfileServiceRequest
            {
                Service = result.GetValue(service)!, Seconds = result.GetValue(duration).TotalSeconds,
            }, cancellationToken: token);
            if (result.GetValue(json))
            {
                Output.WriteJson(profile);
            }
            else
            {
                Output.Result($"{profile.Service} on {profile.Host}: {Output.Bytes(profile.PagesPresent * 4096)} " +
                    $"in {profile.PagesPresent} pages, {profile.DirtyPagesPerSecond:F0} pages/s dirtied " +
                    $"beside {profile.HotPages:F0} hot pages " +
                    $"({profile.Rounds} reads, {profile.ReadMs:F0} ms each, {profile.ReadMibPerSecond:F0} MiB/s)");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
