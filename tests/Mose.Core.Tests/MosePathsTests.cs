namespace Mose.Core.Tests;

/// <summary>
/// MosePaths reads process-wide environment variables, so every test here saves and restores the ones it
/// touches; they live in one class so xUnit never runs two of them at once.
/// </summary>
public sealed class MosePathsTests
{
    private static readonly string[] Variables = ["MOSE_LAB", "MOSE_LAB_ROOT", "MOSE_PREFIX", "MOSE_CRIU"];

    [Fact]
    public void LabName_WithoutMoseLab_IsMose()
    {
        var name = With(new() { ["MOSE_LAB"] = null }, () => MosePaths.LabName);

        Assert.Equal("mose", name);
    }

    [Fact]
    public void LabName_WithEmptyMoseLab_IsMose()
    {
        var name = With(new() { ["MOSE_LAB"] = "" }, () => MosePaths.LabName);

        Assert.Equal("mose", name);
    }

    [Theory]
    [InlineData("t")]
    [InlineData("itest42")]
    [InlineData("abcdefgh")]
    public void LabName_WithValidMoseLab_IsThatName(string value)
    {
        var name = With(new() { ["MOSE_LAB"] = value }, () => MosePaths.LabName);

        Assert.Equal(value, name);
    }

    [Theory]
    [InlineData("abcdefghi")]
    [InlineData("Lab")]
    [InlineData("my-lab")]
    [InlineData("lab 1")]
    [InlineData("../x")]
    public void LabName_WithInvalidMoseLab_ThrowsNamingTheVariable(string value)
    {
        var error = Assert.Throws<ArgumentException>(
            () => With(new() { ["MOSE_LAB"] = value }, () => MosePaths.LabName));

        Assert.Contains($"MOSE_LAB '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabRoot_WithoutOverride_IsUnderVarLibMoseByLabName()
    {
        var root = With(new() { ["MOSE_LAB"] = "itest", ["MOSE_LAB_ROOT"] = null }, () => MosePaths.LabRoot);

        Assert.Equal("/var/lib/mose/itest", root);
    }

    [Fact]
    public void LabRoot_WithOverride_IsTheOverride()
    {
        var root = With(new() { ["MOSE_LAB"] = "itest", ["MOSE_LAB_ROOT"] = "/tmp/lab" }, () => MosePaths.LabRoot);

        Assert.Equal("/tmp/lab", root);
    }

    [Fact]
    public void LabRoot_WithInvalidMoseLabAndNoOverride_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => With(new() { ["MOSE_LAB"] = "BAD", ["MOSE_LAB_ROOT"] = null }, () => MosePaths.LabRoot));
    }

    [Fact]
    public void Criu_WithoutOverrides_IsTheWrapperUnderOptMose()
    {
        var criu = With(new() { ["MOSE_PREFIX"] = null, ["MOSE_CRIU"] = null }, () => MosePaths.Criu);

        Assert.Equal("/opt/mose/bin/criu", criu);
    }

    [Fact]
    public void Criu_WithPrefix_IsUnderThatPrefix()
    {
        var criu = With(new() { ["MOSE_PREFIX"] = "/srv/mose", ["MOSE_CRIU"] = null }, () => MosePaths.Criu);

        Assert.Equal("/srv/mose/bin/criu", criu);
    }

    [Fact]
    public void Criu_WithMoseCriu_WinsOverThePrefix()
    {
        var criu = With(new() { ["MOSE_PREFIX"] = "/srv/mose", ["MOSE_CRIU"] = "/usr/sbin/criu" },
            () => MosePaths.Criu);

        Assert.Equal("/usr/sbin/criu", criu);
    }

    private static T With<T>(Dictionary<string, string?> values, Func<T> read)
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            return read();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
