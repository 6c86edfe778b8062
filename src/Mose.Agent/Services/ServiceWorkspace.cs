namespace Mose.Agent.Services;

/// <summary>Where one service's files live on an agent. The same relative layout on every host, so
/// state streams between agents path for path.</summary>
public sealed class ServiceWorkspace(string dataRoot, string service)
{
    /// <summary>Root of everything the service has on this host.</summary>
    public string Root { get; } = Path.Combine(dataRoot, "services", service);

    /// <summary>The OCI bundle (config.json and rootfs, the writable layer).</summary>
    public string Bundle => Path.Combine(Root, "bundle");

    /// <summary>CRIU images of the last checkpoint.</summary>
    public string Images => Path.Combine(Root, "images");

    /// <summary>Drafts of the incoming dump's page images, laid out during pre-copy rounds.</summary>
    public string Drafts => Path.Combine(Root, "drafts");

    /// <summary>CRIU's log and stats of the dump.</summary>
    public string DumpWork => Path.Combine(Root, "work-dump");

    /// <summary>CRIU's log and stats of the restore.</summary>
    public string RestoreWork => Path.Combine(Root, "work-restore");

    /// <summary>The service's persisted description.</summary>
    public string RecordFile => Path.Combine(Root, "service.json");

    /// <summary>Removes everything the service had here, unmounting whatever a killed CRIU left behind.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(Root))
        {
            await Core.Processes.Mounts.UnmountUnderAsync(Core.Processes.CommandRunner.Instance, Root, cancellationToken)
                .ConfigureAwait(false);
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Empties one of the workspace's directories (see <see cref="DeleteAsync"/>).</summary>
    public static async Task ResetAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            await Core.Processes.Mounts.UnmountUnderAsync(Core.Processes.CommandRunner.Instance, path, cancellationToken)
                .ConfigureAwait(false);
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
    }
}
