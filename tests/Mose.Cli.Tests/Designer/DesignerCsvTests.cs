using Mose.Cli.Bench;

namespace Mose.Cli.Tests.Designer;

public sealed class DesignerCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mose-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SummaryPath_SitsBesideTheRowsFile()
    {
        var rows = Path.Combine("out", "designer.csv");

        Assert.Equal(Path.Combine("out", "designer-summary.csv"), DesignerCsv.SummaryPath(rows));
    }

    [Fact]
    public void WriteRows_WritesTheHeaderAndOneLinePerTask()
    {
        var path = Path.Combine(_dir, "out", "designer.csv");
        DesignerRow[] rows =
        [
            Rows.Moved("dprgen 64MB/0", DesignerTaskKind.Loose, 110, 1100, 100, 1000),
            Rows.Refused("redis 50MB", "hard targets cannot be met"),
        ];

        DesignerCsv.WriteRows(path, rows);

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("run,service,task,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1,\"dprgen 64MB/0\",a loose,edge1,edge2,10000.0,60000.0,0,min-downtime,", lines[1],
            StringComparison.Ordinal);
        Assert.Contains(",plan,1,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSummary_WritesEachTargetWithItsValue()
    {
        var path = Path.Combine(_dir, "designer-summary.csv");
        var summary = DesignerSummary.Of([Rows.Moved("x", DesignerTaskKind.Loose, 110, 1100, 100, 1000)]);

        DesignerCsv.WriteSummary(path, summary);

        var lines = File.ReadAllLines(path);
        Assert.Contains("feasible_targets_met,1.000,>=0.95,\"1 of 1 feasible tasks\"", lines);
        Assert.Contains(lines,
            l => l.StartsWith("median_downtime_error,0.100,<=0.15,", StringComparison.Ordinal));
    }
}
