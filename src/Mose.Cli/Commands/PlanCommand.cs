using System.CommandLine;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose plan`: the designer's choice for a task, with predicted KPIs and runners-up; touches nothing.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "service name" };
        var to = new Option<string>("--to") { Description = "destination host", Required = true };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var task = new TaskOptions();
        var command = new Command("plan",
            "Choose how to migrate a service to meet KPI targets: strategy, rounds, bandwidth (nothing is touched)")
            { service, to, json };
        task.AddTo(command);
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var request = task.Task(result, result.GetValue(service)!, result.GetValue(to)!);
            var reply = await LabController.Orchestrator().PlanAsync(request, cancellationToken: token);
            Output.Show(reply, result.GetValue(json), Print);

            // With hard targets `migrate` refuses an infeasible plan (exit 1); `plan` says so the same way.
            if (reply.Feasible || !request.Targets.Hard)
            {
                return ExitCodes.Ok;
            }

            Progress.Error("hard targets cannot be met: `mose migrate` would refuse this task");
            return ExitCodes.Usage;
        }));
        return command;
    }

    private static void Print(PlanReply plan)
    {
        var i = plan.Inputs;
        Progress.Say($"{plan.Task.Service} -> {plan.Task.Destination}: {Output.Bytes(i.StateBytes)} resident, " +
            $"{i.DirtyPagesPerSecond:F0} pages/s dirtied beside {i.HotPages:F0} hot pages, link " +
            $"{Rate(i.LinkBps)} measured, strategies {string.Join(", ", i.Strategies)}");
        Progress.Say($"model: {i.Model}");
        if (i.HeldReason.Length > 0)
        {
            Progress.Say(i.HeldReason);
        }
        var table = new Table().AddColumns("", "strategy", "rounds", "bandwidth", "downtime", "total", "bytes",
            "CPU s", "availability", "why");
        Row(table, "[bold]chosen[/]", plan.Chosen);
        foreach (var c in plan.RunnersUp)
        {
            Row(table, c.Feasible ? "runner-up" : "[yellow]misses[/]", c);
        }

        AnsiConsole.Write(table);
        foreach (var problem in plan.Infeasible)
        {
            Progress.Say($"infeasible: {problem}");
        }
    }

    /// <summary>A table row of one configuration and its predicted KPIs.</summary>
    public static void Row(Table table, string label, Candidate c) =>
        table.AddRow(label, c.Config.Strategy, c.Config.Rounds > 0 ? $"{c.Config.Rounds}" : "-",
            c.Config.BandwidthBps > 0 ? Rate(c.Config.BandwidthBps) : "link", Output.Ms(c.Predicted.DowntimeMs),
            Output.Ms(c.Predicted.TotalMs), Output.Bytes(c.Predicted.Bytes), $"{c.Predicted.CpuSeconds:F1}",
            $"{c.Predicted.Availability:P1}", Markup.Escape(c.Why));

    public static string Rate(long bps) => Mose.Core.Planning.TargetCheck.Rate(bps);
}
