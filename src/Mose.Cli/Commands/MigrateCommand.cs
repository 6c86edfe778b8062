using System.CommandLine;
using Grpc.Core;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Orchestrator.Migration;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose migrate`: moves a service to another host and prints the phase times.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "service name" };
        var to = new Option<string>("--to") { Description = "destination host", Required = true };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var bandwidth = new Option<long>("--bandwidth")
            { Description = "cap on the state stream, e.g. 200mbit", CustomParser = Durations.CapOption };
        var fault = new Option<string?>("--inject-fault")
            { Description = "testing: make the real 'checkpoint' (bad CRIU option) or 'restore' (corrupt image) fail" };
        fault.AcceptOnlyFromAmong("checkpoint", "restore");
        var baseline = new Option<bool>("--baseline")
            { Description = "for comparison: no runc pause, CRIU's own network lock, packets dropped, none held" };
        var strategy = new Option<string>("--strategy")
        {
            Description = "cold (stop and copy), precopy (Mose's rounds over live memory) or criu-predump " +
                "(CRIU's rounds; needs kernel dirty tracking)",
            DefaultValueFactory = _ => MigrationStrategies.Cold,
        };
        strategy.AcceptOnlyFromAmong([.. MigrationStrategies.All]);
        var rounds = new Option<int>("--rounds")
        {
            Description = $"pre-copy: at most this many rounds (default {PreCopyPolicy.DefaultRounds}, 1 to " +
                $"{PreCopyPolicy.MaxRoundsLimit})",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (int.TryParse(text, out var n) && n is >= 1 and <= PreCopyPolicy.MaxRoundsLimit)
                {
                    return n;
                }

                r.AddError($"--rounds '{text}' must be a whole number from 1 to {PreCopyPolicy.MaxRoundsLimit}");
                return 0;
            },
        };
        var budget = new Option<TimeSpan>("--time-budget")
        {
            Description = "pre-copy: time for the rounds, e.g. 30s (default 5m)",
            CustomParser = Durations.BudgetOption,
        };
        var command = new Command("migrate", "Live-migrate a service to another host; with KPI targets or an " +
            "objective the designer chooses strategy, rounds and bandwidth")
            { service, to, json, bandwidth, strategy, rounds, budget, fault, baseline };
        var task = new TaskOptions();
        task.AddTo(command);
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var designed = task.Given(result);
            var request = new MigrateRequest
            {
                Service = result.GetValue(service)!, Destination = result.GetValue(to)!,
                BandwidthBps = result.GetValue(bandwidth), InjectFault = result.GetValue(fault) ?? "",
                Baseline = result.GetValue(baseline), MaxRounds = result.GetValue(rounds),
                TimeBudgetMs = result.GetValue(budget).TotalMilliseconds,
                // With targets the designer picks the strategy; one named on the command line is then an error.
                Strategy = designed && result.GetResult(strategy) is null or { Implicit: true }
                    ? "" : result.GetValue(strategy)!,
                Task = designed ? task.Task(result, result.GetValue(service)!, result.GetValue(to)!) : null,
            };
            var outcome = await RunAsync(request, result.GetValue(json) ? null : Progress.Say, token).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                Output.WriteJson(outcome);
            }
            else
            {
                Print(outcome);
            }

            return ExitCode(outcome);
        }));
        return command;
    }

    /// <summary>Runs a migration through the orchestrator, passing progress lines on.</summary>
    public static async Task<MigrationResult> RunAsync(MigrateRequest request, Action<string>? progress,
        CancellationToken cancellationToken)
    {
        using var call = LabController.Orchestrator().Migrate(request, cancellationToken: cancellationToken);
        await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.Done)
            {
                return e.Result;
            }

            progress?.Invoke($"{e.Phase}: {e.Message}");
        }

        throw new UserException("the orchestrator ended the migration stream without a result", ExitCodes.Failed);
    }

    /// <summary>Maps a result to the documented exit code.</summary>
    public static int ExitCode(MigrationResult r) =>
        r.Success ? ExitCodes.Ok
        : r.FailedPhase == "plan" ? (r.HostsDown ? ExitCodes.Environment : ExitCodes.Usage)
        : r.RolledBack ? ExitCodes.RolledBack
        : ExitCodes.Failed;

    private static void Print(MigrationResult r)
    {
        if (!r.Success)
        {
            Progress.Error($"migration of {r.Service} failed in {r.FailedPhase}: {r.Error}");
            if (r.FailedPhase != "plan")
            {
                Progress.Say(r.RolledBack ? $"rolled back: {r.Service} stays on {r.RunningOn}, as it was before"
                    : r.RunningOn.Length > 0 ? $"rollback incomplete: {r.Service} runs on {r.RunningOn} again; " +
                      $"the orchestrator removes what {r.Destination} holds of it once that agent answers, " +
                      "retrying every 5 s (in the lab, `./mose lab up` restarts a stopped agent)"
                    : $"rollback incomplete: {r.Service} may not be running anywhere until every host answers " +
                      "again; the orchestrator finishes the rollback by itself then and keeps retrying every 5 s " +
                      "(in the lab, `./mose lab up` restarts a stopped agent); `./mose status` and " +
                      "`./mose history` say where it stands");
            }

            return;
        }

        if (r.Error.Length > 0)
        {
            Progress.Say($"warning: {r.Error}");
        }

        if (r.Rounds.Count > 0)
        {
            PrintRounds(r);
        }

        if (r.Plan is not null)
        {
            PrintPlanned(r);
        }

        var table = new Table().AddColumns("phase", "time");
        foreach (var p in r.Phases)
        {
            table.AddRow(p.Phase, Output.Ms(p.Ms));
        }

        table.AddRow("[bold]downtime (hosts)[/]", $"[bold]{Output.Ms(r.DowntimeMs)}[/]");
        table.AddRow("CRIU frozen", Output.Ms(r.CriuFrozenMs));
        table.AddRow("CRIU restore", Output.Ms(r.CriuRestoreMs));
        table.AddRow("[bold]total[/]", $"[bold]{Output.Ms(r.TotalMs)}[/]");
        table.AddRow("bytes sent", $"{Output.Bytes(r.BytesSent)} (raw {Output.Bytes(r.RawBytes)})");
        table.AddRow("sent while frozen", $"{Output.Bytes(r.FreezeBytes)} (raw {Output.Bytes(r.FreezeRawBytes)})");
        table.Title = new TableTitle($"{r.Service}: {r.Source} -> {r.Destination} ({r.Strategy})");
        AnsiConsole.Write(table);
    }

    private static void PrintPlanned(MigrationResult r)
    {
        var p = r.Plan.Predicted;
        var table = new Table().AddColumns("KPI", "predicted", "measured", "error");
        void Row(string kpi, double predicted, double measured, Func<double, string> format) =>
            table.AddRow(kpi, format(predicted), format(measured),
                measured > 0 ? $"{(predicted - measured) / measured:+0%;-0%;0%}" : "-");
        Row("downtime", p.DowntimeMs, r.DowntimeMs, Output.Ms);
        Row("total time", p.TotalMs, r.TotalMs, Output.Ms);
        Row("bytes", p.Bytes, r.BytesSent, b => Output.Bytes((long)b));
        Row("availability (hosts)", p.Availability * 100, (1 - r.DowntimeMs / r.TotalMs) * 100, a => $"{a:F1} %");
        table.Title = new TableTitle($"designed: {r.Plan.Config.Strategy}" +
            (r.Plan.Config.BandwidthBps > 0 ? $" at {PlanCommand.Rate(r.Plan.Config.BandwidthBps)}" : "") +
            (r.Plan.Feasible ? "" : " (no configuration met every target)"));
        table.Caption = new TableTitle(Markup.Escape(r.Plan.Why));
        AnsiConsole.Write(table);
        foreach (var d in r.Decisions)
        {
            Progress.Say($"controller after round {d.Round}: {d.Action}: {d.Reason}");
        }

        foreach (var missed in r.Missed)
        {
            Progress.Say($"warning: target missed: {missed}");
        }
    }

    private static void PrintRounds(MigrationResult r)
    {
        var rounds = new Table().AddColumns("round", "pages read", "dirtied", "sent", "bytes (wire)", "read", "time");
        foreach (var round in r.Rounds)
        {
            rounds.AddRow($"{round.Round}", $"{round.PagesPresent}", $"{round.PagesDirtied}", $"{round.PagesSent}",
                $"{Output.Bytes(round.RawBytes)} ({Output.Bytes(round.WireBytes)})", Output.Ms(round.ReadMs),
                Output.Ms(round.Ms));
        }

        rounds.AddRow("freeze", "", $"{r.PagesDirtiedFinal}", "",
            $"{Output.Bytes(r.FreezeRawBytes)} ({Output.Bytes(r.FreezeBytes)})", "", "");
        rounds.Title = new TableTitle("pre-copy rounds");
        rounds.Caption = new TableTitle(r.StopReason);
        AnsiConsole.Write(rounds);
    }
}
