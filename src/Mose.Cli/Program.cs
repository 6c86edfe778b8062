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
var parsed = root.Parse(args);
if (parsed.Action is not System.CommandLine.Invocation.ParseErrorAction onError)
{
    return await parsed.InvokeAsync().ConfigureAwait(false);
}

// The errors and where to read more: the whole help after them pushed the errors off the screen.
onError.ShowHelp = false;
using var errors = new StringWriter();
var code = await parsed.InvokeAsync(new System.CommandLine.InvocationConfiguration { Error = errors })
    .ConfigureAwait(false);
Console.Error.Write(HelpHint.Plain(errors.ToString()));
Console.Error.WriteLine($"run `{HelpHint.CommandPath(parsed)} --help` for the options");
return code;
