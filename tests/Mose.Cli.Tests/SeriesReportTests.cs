using Mose.Cli.Bench;
using Mose.Contracts.Orchestrator;

namespace Mose.Cli.Tests;

public sealed class SeriesReportTests : IDisposable
{
    private const string Header = "service,run,from,to,success,client_gap_ms,downtime_ms,"
        + "prepare_ms,checkpoint_ms,transfer_ms,network_ms,restore_ms,commit_ms,"
        + "criu_frozen_ms,criu_restore_ms,total_ms,bytes_sent,raw_bytes";

    private readonly string _dir = Directory.CreateTempSubdirectory("mose-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WriteCsv_WritesTheHeaderAndOneLinePerMigration()
    {
        var path = Path.Combine(_dir, "out", "series.csv");
        var start = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var result = new MigrationResult
        {
            Success = true, DowntimeMs = 95.26, CriuFrozenMs = 41.04, CriuRestoreMs = 20, TotalMs = 812.5,
            BytesSent = 123_456, RawBytes = 654_321,
        };
        result.Phases.Add(new PhaseTiming { Phase = "prepare", Ms = 300 });
        result.Phases.Add(new PhaseTiming { Phase = "checkpoint", Ms = 45.56 });
        result.Phases.Add(new PhaseTiming { Phase = "restore", Ms = 60 });
        SeriesRow[] rows =
        [
            new(1, "a", "b", start, start.AddSeconds(1), result, 130.04),
            new(2, "b", "a", start, start.AddSeconds(1), new MigrationResult { FailedPhase = "restore" }, 0),
        ];

        SeriesReport.WriteCsv(path, "redis", rows);

        Assert.Equal(
        [
            Header,
            "redis,1,a,b,true,130.0,95.3,300.0,45.6,0.0,0.0,60.0,0.0,41.0,20.0,812.5,123456,654321",
            "redis,2,b,a,false,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0,0",
        ], File.ReadAllLines(path));
    }

    [Fact]
    public void WriteCsv_WithNoRows_WritesTheHeaderOnly()
    {
        var path = Path.Combine(_dir, "empty.csv");

        SeriesReport.WriteCsv(path, "redis", []);

        Assert.Equal([Header], File.ReadAllLines(path));
    }

    [Fact]
    public void WriteCsv_HasAsManyValuesAsColumns()
    {
        var path = Path.Combine(_dir, "series.csv");
        var row = new SeriesRow(1, "a", "b", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            new MigrationResult { Success = true }, 1);

        SeriesReport.WriteCsv(path, "redis", [row]);

        var lines = File.ReadAllLines(path);
        Assert.Equal(lines[0].Split(',').Length, lines[1].Split(',').Length);
    }

    [Fact]
    public void Phase_AddsUpRepeatedPhases()
    {
        var result = new MigrationResult();
        result.Phases.Add(new PhaseTiming { Phase = "transfer", Ms = 10 });
        result.Phases.Add(new PhaseTiming { Phase = "transfer", Ms = 2.5 });

        var row = new SeriesRow(1, "a", "b", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, result, 0);

        Assert.Equal(12.5, row.Phase("transfer"));
        Assert.Equal(0, row.Phase("commit"));
    }
}
