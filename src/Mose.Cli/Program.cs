using System.CommandLine;
using Mose.Cli;
using Mose.Cli.Commands;

var root = new RootCommand("Mose: live migration of stateful containerized services between edge hosts")
{
    DoctorCommand.Create(),
    LabCommand.Create(),
    MigrateCommand.Create(),
    StatusCommand.Create(),
    ProbeCommand.Create(),
    DemoCommand.Create(),
    BenchCommand.Create(),
    DaemonCommands.Agent(),
    DaemonCommands.Orchestrator(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
