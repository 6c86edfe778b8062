using System.CommandLine;
using Mose.Cli;
using Mose.Cli.Commands;

// Tables piped to a file or CI keep their columns instead of squeezing into 80 characters.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand("Mose: live migration of stateful containerized services between edge hosts")
{
    DoctorCommand.Create(),
    LabCommand.Create(),
    MigrateCommand.Create(),
    PlanCommand.Create(),
    CalibrateCommand.Create(),
    ProfileCommand.Create(),
    LinkCommand.Create(),
    StatusCommand.Create(),
    HistoryCommand.Create(),
    ProbeCommand.Create(),
    DemoCommand.Create(),
    BenchCommand.Create(),
    DaemonCommands.Agent(),
    DaemonCommands.Orchestrator(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
