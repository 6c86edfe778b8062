using Mose.Runtime.Criu;

namespace Mose.Runtime.Tests;

public sealed class CriuLogTests : IDisposable
{
    private const string RlimitLine =
        "Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Tail_OfRealFailedDump_KeepsTheRealErrorsAndSkipsTheRlimitLine()
    {
        File.Copy(Fixture.Path("failed-dump.log"), _dir.Combine("dump.log"));

        var tail = CriuLog.Tail(_dir.Path, "dump.log");

        Assert.Equal("CRIU: Error (compel/src/lib/infect.c:417): Unable to detach from 999999: No such process"
            + " | Error (criu/cr-dump.c:1975): Dumping FAILED."
            + $" (log {_dir.Combine("dump.log")})", tail);
    }

    [Fact]
    public void Tail_OfRealSuccessfulRestore_PointsAtTheLogOnly()
    {
        File.Copy(Fixture.Path("restore-ok.log"), _dir.Combine("restore.log"));

        var tail = CriuLog.Tail(_dir.Path, "restore.log");

        Assert.Equal($"(see {_dir.Combine("restore.log")})", tail);
    }

    [Fact]
    public void Tail_OfMissingLog_IsEmpty()
    {
        Assert.Equal("", CriuLog.Tail(_dir.Path, "dump.log"));
    }

    [Fact]
    public void Tail_WithWarningsOnly_IgnoresThem()
    {
        File.WriteAllLines(_dir.Combine("dump.log"),
            ["Warn  (compel/src/lib/infect.c:132): Unable to interrupt task: 42 (No such process)", RlimitLine]);

        var tail = CriuLog.Tail(_dir.Path, "dump.log");

        Assert.StartsWith("(see ", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_WithManyErrors_KeepsTheLastOnes()
    {
        File.WriteAllLines(_dir.Combine("restore.log"),
            [RlimitLine, .. Enumerable.Range(1, 6).Select(i => $"Error (criu/files.c:{i}): failure {i}")]);

        var tail = CriuLog.Tail(_dir.Path, "restore.log", lines: 2);

        Assert.StartsWith("CRIU: Error (criu/files.c:5): failure 5 | Error (criu/files.c:6): failure 6 (log ",
            tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_WithRlimitLineLast_StillReportsTheErrorsBeforeIt()
    {
        File.WriteAllLines(_dir.Combine("dump.log"),
            ["Error (criu/sk-tcp.c:101): Can't repair socket", RlimitLine]);

        var tail = CriuLog.Tail(_dir.Path, "dump.log", lines: 1);

        Assert.Contains("Can't repair socket", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("RLIMIT_NOFILE", tail, StringComparison.Ordinal);
    }
}
