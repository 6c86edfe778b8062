using Mose.Runtime.Runc;

namespace Mose.Runtime.Tests;

public sealed class CriuConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_IntoMissingDirectory_CreatesItAndReturnsTheFilePath()
    {
        var directory = _dir.Combine("agent", "etc");

        var path = CriuConfig.Write(directory);

        Assert.Equal(Path.Combine(directory, "criu.conf"), path);
        Assert.Equal(CriuConfig.Contents, File.ReadAllText(path));
    }

    [Fact]
    public void Write_SkipsCriusNetworkLock()
    {
        var path = CriuConfig.Write(_dir.Path);

        var options = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#'));

        Assert.Equal(["network-lock skip"], options);
    }

    [Fact]
    public void Write_OverAnOldFile_ReplacesIt()
    {
        File.WriteAllText(_dir.Combine("criu.conf"), "tcp-close\nlog-file /tmp/x.log\n");

        var path = CriuConfig.Write(_dir.Path);

        Assert.Equal(CriuConfig.Contents, File.ReadAllText(path));
    }
}
