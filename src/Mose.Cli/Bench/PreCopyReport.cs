using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Mose.Cli.Bench;

/// <summary>CSV, summary table and plot of the pre-copy benchmark.</summary>
public static class PreCopyReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes one line per migration.</summary>
    public static void WriteCsv(string path, IEnumerable<PreCopyRow> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var csv = new StringBuilder("state_mb,rate_pages_s,bandwidth_bps,run,strategy,success,client_gap_ms," +
            "downtime_ms,total_ms,checkpoint_ms,transfer_ms,restore_ms,rounds,round_raw_bytes,stop_reason," +
            "bytes_sent,freeze_raw_bytes,freeze_wire_bytes,pages_dirtied_final,writes_since_last_round\n");
        foreach (var r in rows)
        {
            var m = r.Result;
            csv.AppendLine(string.Join(',', [
                r.StateMb.ToString(Inv), r.Rate.ToString(Inv), r.BandwidthBps.ToString(Inv), r.Run.ToString(Inv),
                r.Strategy, m.Success ? "1" : "0", F(r.ClientGapMs), F(m.DowntimeMs), F(m.TotalMs),
                F(Phase(r, "checkpoint")), F(Phase(r, "transfer")), F(Phase(r, "restore")),
                m.Rounds.Count.ToString(Inv), string.Join(';', m.Rounds.Select(x => x.RawBytes.ToString(Inv))),
                Quote(m.StopReason), m.BytesSent.ToString(Inv), m.FreezeRawBytes.ToString(Inv),
                m.FreezeBytes.ToString(Inv), m.PagesDirtiedFinal.ToString(Inv), r.WritesSinceLastRound.ToString(Inv)]));
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>One row per cell: medians of cold and pre-copy side by side.</summary>
    public static Table Summary(IReadOnlyList<PreCopyRow> rows)
    {
        var table = new Table { Title = new TableTitle("cold vs pre-copy on dprgen (medians)") };
        table.AddColumns("state", "rate", "link", "runs", "downtime cold", "downtime pre-copy", "ratio",
            "total cold", "total pre-copy", "rounds", "bytes/round (MiB)", "frozen bytes pre-copy",
            "freeze / dirtied");
        foreach (var cell in rows.GroupBy(r => r.Cell))
        {
            var cold = cell.Where(r => r.Strategy == "cold" && r.Result.Success).ToList();
            var pre = cell.Where(r => r.Strategy == "precopy" && r.Result.Success).ToList();
            var downCold = Stats.Median(cold.Select(r => r.Result.DowntimeMs));
            var downPre = Stats.Median(pre.Select(r => r.Result.DowntimeMs));
            table.AddRow($"{cell.Key.StateMb} MB", $"{cell.Key.Rate}/s", $"{cell.Key.BandwidthBps / 1e6:F0} Mbit",
                $"{pre.Count}", Output.Ms(downCold), Output.Ms(downPre), downCold > 0 ? $"{downPre / downCold:P0}" : "-",
                Output.Ms(Stats.Median(cold.Select(r => r.Result.TotalMs))),
                Output.Ms(Stats.Median(pre.Select(r => r.Result.TotalMs))),
                $"{Stats.Median(pre.Select(r => (double)r.Result.Rounds.Count)):F0}", RoundBytes(pre),
                Output.Bytes((long)Stats.Median(pre.Select(r => (double)r.Result.FreezeRawBytes))),
                $"{Stats.Median(pre.Select(r => r.FreezeOverDirtied).Where(double.IsFinite)):F2}");
        }

        return table;
    }

    /// <summary>Draws downtime per cell, cold against pre-copy, as a PNG with gnuplot.</summary>
    public static async Task PlotAsync(string path, IReadOnlyList<PreCopyRow> rows, CancellationToken cancellationToken)
    {
        var data = Path.ChangeExtension(path, ".dat");
        var lines = new StringBuilder("# cell cold precopy\n");
        foreach (var cell in rows.GroupBy(r => r.Cell))
        {
            lines.AppendLine(Inv, $"\"{cell.Key.StateMb}MB/{cell.Key.Rate}/{cell.Key.BandwidthBps / 1_000_000}M\" " +
                $"{F(Median(cell, "cold"))} {F(Median(cell, "precopy"))}");
        }

        await File.WriteAllTextAsync(data, lines.ToString(), cancellationToken).ConfigureAwait(false);
        var script = string.Join('\n',
            "set terminal png size 1400,600",
            $"set output '{path}'",
            "set title 'dprgen downtime: cold vs pre-copy (median; state / pages per s / link)'",
            "set bmargin 8", "set style data histograms", "set style histogram clustered gap 1", "set style fill solid 0.8 border -1",
            "set ylabel 'downtime (ms, hosts)'", "set yrange [0:*]", "set xtics rotate by -35", "set grid ytics", "set key top left",
            $"plot '{data}' using 2:xtic(1) title 'cold', '' using 3 title 'pre-copy'");
        var scriptPath = Path.ChangeExtension(path, ".gp");
        await File.WriteAllTextAsync(scriptPath, script + "\n", cancellationToken).ConfigureAwait(false);
        await Core.Processes.CommandRunner.Instance.RunAsync("gnuplot", [scriptPath], TimeSpan.FromSeconds(30),
            check: true, cancellationToken).ConfigureAwait(false);
    }

    private static double Median(IEnumerable<PreCopyRow> cell, string strategy) =>
        Stats.Median(cell.Where(r => r.Strategy == strategy && r.Result.Success).Select(r => r.Result.DowntimeMs));

    private static string RoundBytes(IReadOnlyList<PreCopyRow> pre)
    {
        var most = pre.Select(r => r.Result.Rounds.Count).DefaultIfEmpty(0).Max();
        return string.Join(" / ", Enumerable.Range(0, most).Select(i =>
            (Stats.Median(pre.Where(r => r.Result.Rounds.Count > i).Select(r => (double)r.Result.Rounds[i].RawBytes))
                / 1048576).ToString("F1", Inv)));
    }

    private static double Phase(PreCopyRow r, string name) => r.Result.Phases.Where(p => p.Phase == name).Sum(p => p.Ms);

    private static string F(double value) => value.ToString("F1", Inv);

    private static string Quote(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
