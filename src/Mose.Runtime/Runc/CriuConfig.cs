namespace Mose.Runtime.Runc;

/// <summary>
/// The CRIU configuration Mose runs checkpoints and restores with.
/// </summary>
public static class CriuConfig
{
    /// <summary>
    /// Mose locks each service's namespace itself (see Mose.Network.TcpLock) for the whole time its sockets
    /// are not live, so CRIU's own per-connection iptables lock is redundant; it also costs about 80 ms of
    /// downtime at restore here, spent inside the network-unlock step.
    /// </summary>
    public const string Contents = "# Written by Mose. Mose locks service namespaces itself.\nnetwork-lock skip\n";

    /// <summary>Writes the file into a directory and returns its path.</summary>
    public static string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "criu.conf");
        File.WriteAllText(path, Contents);
        return path;
    }
}
