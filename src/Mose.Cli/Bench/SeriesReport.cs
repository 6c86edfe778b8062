using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Mose.Cli.Bench;

/// <summary>Tables and CSV for a migration series.</summary>
public static class SeriesReport
{
    private static readonly string[] Phases = ["prepare", "checkpoint", "transfer", "network", "restore", "commit"];

    // The phases inside the downtime; the table shows these, the CSV has all.
    private static readonly string[] FrozenPhases = ["checkpoint", "transfer", "restore"];

    /// <summary>A table with one row per migration and a median row.</summary>
    public static Table Table(IReadOnlyList<SeriesRow> rows, string title)
    {
        var table = new Table { Title = new TableTitle(title) };
        table.AddColumns("run", "move", "client gap", "downtime (hosts)");
        foreach (var phase in FrozenPhases)
        {
            table.AddColumn(phase);
        }

        table.AddColumns("CRIU frozen", "total", "bytes");
        foreach (var r in rows)
        {
            table.AddRow([r.Run.ToString(CultureInfo.InvariantCulture), $"{r.From}→{r.To}", Output.Ms(r.ClientGapMs),
                Output.Ms(r.Result.DowntimeMs), .. FrozenPhases.Select(p => Output.Ms(r.Phase(p))),
                Output.Ms(r.Result.CriuFrozenMs), Output.Ms(r.Result.TotalMs), Output.Bytes(r.Result.BytesSent)]);
        }

        if (rows.Count > 1)
        {
            table.AddRow(["[bold]median[/]", "", $"[bold]{Output.Ms(Stats.Median(rows.Select(r => r.ClientGapMs)))}[/]",
                $"[bold]{Output.Ms(Stats.Median(rows.Select(r => r.Result.DowntimeMs)))}[/]",
                .. FrozenPhases.Select(p => Output.Ms(Stats.Median(rows.Select(r => r.Phase(p))))),
                Output.Ms(Stats.Median(rows.Select(r => r.Result.CriuFrozenMs))),
                Output.Ms(Stats.Median(rows.Select(r => r.Result.TotalMs))),
                Output.Bytes((long)Stats.Median(rows.Select(r => (double)r.Result.BytesSent)))]);
        }

        return table;
    }

    /// <summary>Writes the rows as CSV (one line per migration, times in ms).</summary>
    public static void WriteCsv(string path, string service, IReadOnlyList<SeriesRow> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var csv = new StringBuilder("service,run,from,to,success,client_gap_ms,downtime_ms,");
        csv.Append(string.Join(",", Phases.Select(p => p + "_ms")));
        csv.AppendLine(",criu_frozen_ms,criu_restore_ms,total_ms,bytes_sent,raw_bytes");
        foreach (var r in rows)
        {
            var values = new List<string> { service, r.Run.ToString(CultureInfo.InvariantCulture), r.From, r.To,
                r.Result.Success ? "true" : "false", F(r.ClientGapMs), F(r.Result.DowntimeMs) };
            values.AddRange(Phases.Select(p => F(r.Phase(p))));
            values.AddRange([F(r.Result.CriuFrozenMs), F(r.Result.CriuRestoreMs), F(r.Result.TotalMs),
                r.Result.BytesSent.ToString(CultureInfo.InvariantCulture),
                r.Result.RawBytes.ToString(CultureInfo.InvariantCulture)]);
            csv.AppendLine(string.Join(",", values));
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}
