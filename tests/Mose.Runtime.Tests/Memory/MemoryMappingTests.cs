using Mose.Runtime.Memory;

namespace Mose.Runtime.Tests.Memory;

public sealed class MemoryMappingTests
{
    [Fact]
    public void Parse_AnonymousLine_ReadsRangeAndPermissions()
    {
        var mapping = MemoryMapping.Parse("7f1c2a000000-7f1c2a021000 rw-p 00000000 00:00 0 ");

        Assert.Equal(new MemoryMapping(0x7f1c2a000000, 0x7f1c2a021000, "rw-p", ""), mapping);
        Assert.Equal(0x21, mapping!.Value.Pages);
        Assert.True(mapping.Value.HoldsDumpablePages);
    }

    [Fact]
    public void Parse_FileNameWithSpaces_KeepsTheWholeName()
    {
        var line = "55d0c0a00000-55d0c0a01000 r--p 00002000 08:01 1234    /opt/my app/lib x.so (deleted)";

        var mapping = MemoryMapping.Parse(line);

        Assert.Equal("/opt/my app/lib x.so (deleted)", mapping?.Name);
    }

    [Theory]
    [InlineData("rw-s", "/dev/shm/x")]
    [InlineData("rw-s", "/dev/zero (deleted)")]
    [InlineData("---p", "")]
    [InlineData("-w-p", "")]
    [InlineData("r--p", "[vvar]")]
    [InlineData("r--p", "[vvar_vclock]")]
    [InlineData("r-xp", "[vdso]")]
    [InlineData("--xp", "[vsyscall]")]
    public void HoldsDumpablePages_ForSharedUnreadableOrKernelMappings_IsFalse(
        string permissions, string name)
    {
        var mapping = new MemoryMapping(0x1000, 0x3000, permissions, name);

        Assert.False(mapping.HoldsDumpablePages);
    }

    [Theory]
    [InlineData("rw-p", "[heap]")]
    [InlineData("rw-p", "[stack]")]
    [InlineData("r--p", "/usr/bin/redis-server")]
    [InlineData("r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6")]
    public void HoldsDumpablePages_ForPrivateReadableMappings_IsTrue(string permissions, string name)
    {
        var mapping = new MemoryMapping(0x1000, 0x3000, permissions, name);

        Assert.True(mapping.HoldsDumpablePages);
    }

    [Fact]
    public void HoldsDumpablePages_AboveTheSignedOffsetRange_IsFalse()
    {
        var mapping = new MemoryMapping(0xffffffffff600000, 0xffffffffff601000, "r-xp", "");

        Assert.False(mapping.HoldsDumpablePages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("zz-10 rw-p 0 00:00 0")]
    [InlineData("1000-2000 rw-p")]
    public void Parse_MalformedLine_IsNull(string line)
    {
        Assert.Null(MemoryMapping.Parse(line));
    }

    [Fact]
    public void ReadAll_OfThisProcess_FindsItsHeapOrStack()
    {
        var mappings = MemoryMapping.ReadAll(Environment.ProcessId);

        Assert.NotNull(mappings);
        Assert.Contains(mappings, m => m.Name == "[stack]");
    }
}
