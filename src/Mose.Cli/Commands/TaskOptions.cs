using System.CommandLine;
using System.Globalization;
using Mose.Contracts.Orchestrator;
using Mose.Core.Planning;

namespace Mose.Cli.Commands;

/// <summary>The KPI targets and objective of a migration task, shared by `plan` and `migrate`.</summary>
public sealed class TaskOptions
{
    private readonly Option<TimeSpan> _downtime = new("--max-downtime")
        { Description = "target: longest acceptable downtime, e.g. 500ms", CustomParser = Target };

    private readonly Option<TimeSpan> _total = new("--max-total")
        { Description = "target: longest acceptable migration, e.g. 30s", CustomParser = Target };

    private readonly Option<TimeSpan> _latency = new("--max-latency")
    {
        Description = "target: the client's longest request latency during the migration, e.g. 800ms",
        CustomParser = Target,
    };

    private readonly Option<double> _availability = new("--min-availability")
    {
        Description = "target: share of the migration time the client is served, e.g. 0.9 or 90%",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var percent = text.EndsWith('%');
            if (double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && (percent ? v / 100 : v) is > 0 and < 1 and var share)
            {
                return share;
            }

            r.AddError($"--min-availability '{text}' must be a share above 0 and below 1, e.g. 0.9 or 90%");
            return 0;
        },
    };

    private readonly Option<bool> _hard = new("--hard")
        { Description = "refuse (or abort during pre-copy, leaving the service on its host) rather than miss a target" };

    private readonly Option<string> _objective = new("--objective")
    {
        Description = "what to optimise among configurations that meet the targets: min-downtime (default), " +
            "min-resources (bandwidth and CPU) or weighted",
    };

    private readonly Option<double> _weight = new("--downtime-weight")
        { Description = "weighted objective: 0..1, the share of downtime against resources (default 0.5)" };

    public TaskOptions() => _objective.AcceptOnlyFromAmong([.. PlanObjective.Kinds]);

    // A target of zero cannot be met and is not "no target" either: leaving the option out is.
    private static TimeSpan Target(System.CommandLine.Parsing.ArgumentResult result)
    {
        var name = (result.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name ?? "a target";
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var value = Durations.DurationOption(result);
        if (value == TimeSpan.Zero && Durations.Parse(text) is not null && !Durations.IsBare(text))
        {
            result.AddError($"{name} '{text}' must be above zero; leave the option out for no target");
        }

        return value;
    }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _downtime, _total, _latency, _availability, _hard, _objective, _weight })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when the user named a target or an objective.</summary>
    public bool Given(ParseResult result) =>
        new Option[] { _downtime, _total, _latency, _availability, _objective, _hard, _weight }
            .Any(o => result.GetResult(o) is { Implicit: false });

    /// <summary>The task the options describe.</summary>
    public MigrationTask Task(ParseResult result, string service, string destination)
    {
        var objective = result.GetValue(_objective) ?? "";
        var weighted = result.GetResult(_weight) is { Implicit: false };
        if (objective.Length > 0 && objective != PlanObjective.Weighted && weighted)
        {
            throw new UserException($"--downtime-weight applies to --objective {PlanObjective.Weighted}, not " +
                $"{objective}; leave one of them out", ExitCodes.Usage);
        }

        var weight = weighted ? result.GetValue(_weight) : 0.5;
        return new MigrationTask
        {
            Service = service, Destination = destination,
            Targets = new Targets
            {
                MaxDowntimeMs = result.GetValue(_downtime).TotalMilliseconds,
                MaxTotalMs = result.GetValue(_total).TotalMilliseconds,
                MaxLatencyMs = result.GetValue(_latency).TotalMilliseconds,
                MinAvailability = result.GetValue(_availability), Hard = result.GetValue(_hard),
            },
            Objective = new Objective
            {
                Kind = objective.Length == 0 && weighted
                    ? PlanObjective.Weighted : objective,
                DowntimeWeight = weight,
            },
        };
    }
}
