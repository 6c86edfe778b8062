using System.CommandLine;
using System.Globalization;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Orchestrator.Store;
using Spectre.Console;

namespace Mose.Cli.Commands;

/// <summary>`mose history`: past migrations from the orchestrator's store, newest first, with predicted
/// against measured KPIs.</summary>
public static class HistoryCommand
{
    private const int MaxLimit = 10_000;
    // Two lines of the note column, beside the two-line start time.
    private const int NoteWidth = 100;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var limit = new Option<int>("--limit")
        {
            Description = $"how many migrations, newest first (1 to {MaxLimit})",
            DefaultValueFactory = _ => 20,
        };
        var service = new Option<string?>("--service") { Description = "only this service's migrations" };
        var command = new Command("history", "List past migrations: outcome, predicted and measured KPIs")
            { json, limit, service };
        command.SetAction((result, token) => Guarded.RunAsync(async () =>
        {
            var count = result.GetValue(limit);
            if (count is < 1 or > MaxLimit)
            {
                throw new UserException($"--limit {count} out of range: use 1 to {MaxLimit}");
            }

            var reply = await LabController.Orchestrator().HistoryAsync(
                new HistoryRequest { Limit = count, Service = result.GetValue(service) ?? "" },
                cancellationToken: token);
            Output.Show(reply, result.GetValue(json), Print);

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(HistoryReply reply)
    {
        if (reply.Migrations.Count == 0)
        {
            Progress.Say("no migrations on record");
            return;
        }

        var table = new Table().AddColumns("id", "started (UTC)", "service", "route", "strategy", "status",
            "downtime pred/meas", "total pred/meas", "bytes sent", "note / error");
        foreach (var m in reply.Migrations)
        {
            var started = DateTimeOffset.FromUnixTimeMilliseconds(m.StartedUnixMs).UtcDateTime;
            var predicted = m.Plan?.Predicted ?? m.Result?.Plan?.Predicted;
            var measured = m.Result;
            table.AddRow(m.Id, started.ToString("HH:mm:ss'\n'yyyy-MM-dd", CultureInfo.InvariantCulture),
                Markup.Escape(m.Service), Markup.Escape($"{m.Source}→{m.Destination}"), Strategy(m),
                Status(m.Status), Pair(predicted?.DowntimeMs, measured?.DowntimeMs),
                Pair(predicted?.TotalMs, measured?.TotalMs),
                m.Result is { BytesSent: > 0 } sent ? Output.Bytes(sent.BytesSent) : "-",
                Markup.Escape(Shorten(Note(m))));
        }

        AnsiConsole.Write(table);
    }

    private static string Strategy(MigrationRecord m) =>
        m.Result is { Strategy.Length: > 0 } r ? r.Strategy : m.Strategy is { Length: > 0 } s ? s : "-";

    // Green: the service moved; yellow: it stayed where it was, as it should after a refusal or an undo.
    private static string Status(string status) => status switch
    {
        MigrationStatus.Succeeded or MigrationStatus.RecoveredCompleted => $"[green]{status}[/]",
        MigrationStatus.Running => $"[blue]{status}[/]",
        MigrationStatus.RolledBack or MigrationStatus.Refused or MigrationStatus.RecoveredUndone =>
            $"[yellow]{status}[/]",
        _ => $"[red]{Markup.Escape(status)}[/]",
    };

    // A KPI that was not predicted, or not reached (0: e.g. no freeze before a refusal), shows as "-".
    private static string Pair(double? predicted, double? measured) => $"{Ms(predicted)} / {Ms(measured)}";

    private static string Ms(double? value) => value > 0 ? Output.Ms(value.Value) : "-";

    private static string Note(MigrationRecord m) =>
        m.Note.Length > 0 ? m.Note
        : m.Result is { Missed.Count: > 0 } r ? $"missed: {string.Join("; ", r.Missed)}"
        : m.Result?.Error ?? "";

    private static string Shorten(string text) =>
        text.Length <= NoteWidth ? text : string.Concat(text.AsSpan(0, NoteWidth - 1), "…");
}
