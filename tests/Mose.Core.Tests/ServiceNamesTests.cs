using Mose.Core.Services;

namespace Mose.Core.Tests;

public sealed class ServiceNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("redis")]
    [InlineData("web-1")]
    [InlineData("abcdefghijkl")]
    public void Validate_WithValidName_ReturnsNull(string name)
    {
        Assert.Null(ServiceNames.Validate(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklm")]
    [InlineData("1redis")]
    [InlineData("-redis")]
    [InlineData("Redis")]
    [InlineData("red_is")]
    [InlineData("red is")]
    [InlineData("rédis")]
    public void Validate_WithInvalidName_ReturnsTheRule(string name)
    {
        var reason = ServiceNames.Validate(name);

        Assert.NotNull(reason);
        Assert.Contains($"'{name}'", reason, StringComparison.Ordinal);
        Assert.Contains("1-12 characters", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxLength_LeavesRoomForTheInterfacePrefixWithinFifteenBytes()
    {
        Assert.True("s-".Length + ServiceNames.MaxLength <= 15);
    }
}
