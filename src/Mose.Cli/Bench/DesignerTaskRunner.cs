using System.Text.Json;
using Mose.Cli.Commands;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Cli.Bench;

/// <summary>
/// Runs one task of the designer benchmark: moves the service to the other edge through the designer (for
/// the tight task, after a plan without targets), prices each phase with the constants the designer used,
/// and checks the service's state and host afterwards.
/// </summary>
public sealed class DesignerTaskRunner(ServicePlacement service, ServiceStateCheck state, Action<string> say)
{
    /// <summary>The edges the service moves between.</summary>
    public const string EdgeA = "edge1", EdgeB = "edge2";

    /// <summary>Where the service runs now.</summary>
    public string Host { get; private set; } = service.Host;

    /// <summary>Runs <paramref name="kind"/> and returns its row (without the client gap, which the probe
    /// gives only at the end).</summary>
    public async Task<DesignerRow> RunAsync(int run, string label, DesignerTaskKind kind,
        CancellationToken cancellationToken)
    {
        var from = Host;
        var to = from == EdgeA ? EdgeB : EdgeA;
        var orchestrator = LabController.Orchestrator();
        Prediction? best = null;
        if (kind == DesignerTaskKind.Tight)
        {
            var free = await orchestrator.PlanAsync(DesignerTasks.Unconstrained(service.Name, to),
                cancellationToken: cancellationToken);
            best = free.Chosen.Predicted;
        }

        var task = DesignerTasks.Build(kind, service.Name, to, best);
        var models = await orchestrator.ModelAsync(new ModelRequest(), cancellationToken: cancellationToken);
        var result = await MigrateCommand.RunAsync(
            new MigrateRequest { Service = service.Name, Destination = to, Task = task }, null,
            cancellationToken).ConfigureAwait(false);
        var problems = await state.VerifyAsync(everyKey: false, cancellationToken).ConfigureAwait(false);
        var status = await orchestrator.StatusAsync(new StatusRequest(),
            cancellationToken: cancellationToken);
        Host = status.Services.FirstOrDefault(s => s.Name == service.Name)?.Host ?? "";
        var row = new DesignerRow(run, label, kind, from, task, result, MigrateCommand.ExitCode(result))
        {
            PredictedPhases = result.Plan is { } plan && result.StateBytes > 0
                ? PhaseForecast.Predicted(plan, Constants(models, from), Constants(models, to),
                    result.StateBytes / 1048576.0)
                : new Dictionary<string, double>(),
            StateProblems = problems,
            HostAfter = Host,
        };
        say(Describe(row));
        return row;
    }

    private static HostConstants Constants(ModelReply models, string host) =>
        models.Hosts.FirstOrDefault(h => h.Host == host) is { ConstantsJson.Length: > 0 } m
            ? JsonSerializer.Deserialize<HostConstants>(m.ConstantsJson) ?? HostConstants.Defaults
            : HostConstants.Defaults;

    private static string Describe(DesignerRow row)
    {
        var r = row.Result;
        var head = $"{row.Service}, {DesignerTasks.Label(row.Kind)}, {row.From} -> {row.HostAfter}: ";
        var plan = r.Plan is { } p
            ? $"{p.Config.Strategy}{(p.Config.Rounds > 0 ? $" x{p.Config.Rounds}" : "")} at " +
                $"{(p.Config.BandwidthBps > 0 ? PlanCommand.Rate(p.Config.BandwidthBps) : "link")}" +
                $"{(p.Feasible ? "" : " (infeasible)")}, " +
                $"predicted {p.Predicted.DowntimeMs:F0}/{p.Predicted.TotalMs:F0} ms"
            : "no plan";
        var outcome = r.Success
            ? $", measured {r.DowntimeMs:F0}/{r.TotalMs:F0} ms{(row.Met ? "" : " MISSED")}"
            : $", not migrated ({r.FailedPhase}: {r.Error})";
        var state = row.StateProblems.Count > 0 ? $"; STATE: {string.Join("; ", row.StateProblems)}" : "";
        return head + plan + outcome + state;
    }
}
