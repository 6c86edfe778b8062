namespace Mose.Cli.Tests;

public sealed class SizesTests
{
    [Theory]
    [InlineData("64MB", 64L << 20)]
    [InlineData("64mb", 64L << 20)]
    [InlineData("256MiB", 256L << 20)]
    [InlineData("64M", 64L << 20)]
    [InlineData("1GB", 1L << 30)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("512k", 512L << 10)]
    [InlineData("8 GB", 8L << 30)]
    [InlineData("0MB", 0)]
    public void Parse_WithBinaryUnit_ReturnsBytes(string text, long bytes)
    {
        Assert.Equal(bytes, Sizes.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("64")]
    [InlineData("MB")]
    [InlineData("64XB")]
    [InlineData("-1MB")]
    [InlineData("1.2.3MB")]
    [InlineData("0.3k")]
    [InlineData("99999999TB")]
    public void Parse_WithoutUnitOrWithGarbage_ReturnsNull(string text)
    {
        Assert.Null(Sizes.Parse(text));
    }
}
