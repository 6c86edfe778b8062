namespace Mose.Cli.Client;

/// <summary>dprgen's answer to CHECK: whether every page holds what its version says it must.</summary>
/// <param name="Ok">Every page matched.</param>
/// <param name="Pages">Pages checked (when <paramref name="Ok"/>).</param>
/// <param name="BadPage">The first page that did not match (when not <paramref name="Ok"/>).</param>
public sealed record DprgenCheck(bool Ok, long Pages, long? BadPage)
{
    /// <summary>What the check found, for messages.</summary>
    public string Detail =>
        Ok ? $"all {Pages} pages hold their versions" : $"page {BadPage} does not hold its version";

    public override string ToString() => Detail;
}
