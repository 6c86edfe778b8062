using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Mose.Agent;
using Mose.Orchestrator;

namespace Mose.Cli.Commands;

/// <summary>`mose agent` and `mose orchestrator`: the long-running hosts (the lab starts them).</summary>
public static class DaemonCommands
{
    public static Command Agent()
    {
        var name = new Option<string>("--name") { Description = "host name, e.g. edge1", Required = true };
        var data = new Option<string>("--data") { Description = "data directory", Required = true };
        var control = new Option<string>("--control") { Description = "Unix socket of the control API", Required = true };
        var dataAddress = new Option<string>("--data-address")
            { Description = "ip:port where peers push state", Required = true };
        var prefix = new Option<string?>("--netns-prefix")
            { Description = "prefix of service namespaces (default mose-<name>)" };
        var store = new Option<string>("--chunk-store")
        {
            Description = "disk budget of the content-addressed chunk store (pre-copy, return trips), at least 64MB",
            DefaultValueFactory = _ => "4GB",
        };
        var command = new Command("agent", "Run an agent (one per edge host)")
            { name, data, control, dataAddress, prefix, store };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var budget = Sizes.Parse(result.GetValue(store)!)
                ?? throw new UserException($"--chunk-store '{result.GetValue(store)}' is not a size; use e.g. 4GB");
            var app = AgentHost.Build(new AgentOptions
            {
                ChunkStoreBytes = budget,
                Name = result.GetValue(name)!, DataRoot = result.GetValue(data)!,
                ControlSocket = result.GetValue(control)!, DataAddress = result.GetValue(dataAddress)!,
                NetnsPrefix = result.GetValue(prefix) ?? $"mose-{result.GetValue(name)}",
            });
            await app.StartAsync(token).ConfigureAwait(false);
            await app.WaitForShutdownAsync(token).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Orchestrator()
    {
        var control = new Option<string>("--control") { Description = "Unix socket of the API", Required = true };
        var state = new Option<string>("--state") { Description = "state directory", Required = true };
        var agents = new Option<string[]>("--agent")
            { Description = "name=address of an agent (repeat)", Required = true, AllowMultipleArgumentsPerToken = false };
        var store = new Option<string?>("--store")
            { Description = "SQLite store of services, migrations and history (default <state>/mose.db)" };
        var command = new Command("orchestrator", "Run the orchestrator") { control, state, agents, store };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var map = new Dictionary<string, string>();
            foreach (var pair in result.GetValue(agents)!)
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2)
                {
                    throw new UserException($"--agent '{pair}' must be name=address");
                }

                map[parts[0]] = parts[1];
            }

            var app = OrchestratorHost.Build(new OrchestratorOptions
            {
                ControlSocket = result.GetValue(control)!, StateRoot = result.GetValue(state)!, Agents = map,
                StorePath = Path.GetFullPath(
                    result.GetValue(store) ?? Path.Combine(result.GetValue(state)!, "mose.db")),
            });
            await app.StartAsync(token).ConfigureAwait(false);
            await app.WaitForShutdownAsync(token).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
