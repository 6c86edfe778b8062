namespace Mose.Integration.Tests.Support;

/// <summary>Locates the repository and the built CLI.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mose.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Mose.slnx above {AppContext.BaseDirectory}");
    });

    /// <summary>The folder holding Mose.slnx.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The launcher (installs prerequisites, builds when stale).</summary>
    public static string Launcher => Path.Combine(Root, "mose");

    /// <summary>The CLI the launcher builds.</summary>
    public static string Binary => Path.Combine(Root, "artifacts", "mose", "mose");
}
