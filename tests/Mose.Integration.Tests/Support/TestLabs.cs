namespace Mose.Integration.Tests.Support;

/// <summary>
/// Names of the labs the tests build. By default "itest" and "itest2". With MOSE_LAB set to a lab other than
/// the default "mose", they are derived from it ("dprg" gives "dprgt" and "dprgt2"): checkouts that work in
/// different labs then test in different labs too, and never tear down each other's. MOSE_LAB's own lab is
/// never touched.
/// </summary>
public static class TestLabs
{
    // Read once, before LabFixture points MOSE_LAB at the test lab for this process.
    private static readonly string? Base = Environment.GetEnvironmentVariable("MOSE_LAB") is { Length: > 0 } b
        && b != "mose" ? b[..Math.Min(b.Length, 6)] : null;

    /// <summary>The lab of <see cref="LabFixture"/>.</summary>
    public static string Main { get; } = Base is null ? "itest" : Base + "t";

    /// <summary>The lab the lifecycle tests build and tear down.</summary>
    public static string Second { get; } = Base is null ? "itest2" : Base + "t2";
}
