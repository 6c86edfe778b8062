namespace Mose.Runtime;

/// <summary>
/// An OCI runtime driver. runc is the first; crun and Podman can sit behind the same interface.
/// Container ids are service names; each agent keeps its own runtime state root.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>Creates and starts the container of a bundle, detached, with stdio that does not pin it.</summary>
    Task RunAsync(string id, string bundlePath, CancellationToken cancellationToken);

    /// <summary>The container's state, or null when the runtime does not know it.</summary>
    Task<ContainerState?> StateAsync(string id, CancellationToken cancellationToken);

    /// <summary>Thaws a paused container; a container that is not paused is left as it is.</summary>
    Task ThawAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sends a signal to the container's init process.</summary>
    Task KillAsync(string id, string signal, CancellationToken cancellationToken);

    /// <summary>Deletes the container, killing it first if it still runs. Unknown ids are ignored.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Dumps the container with its TCP connections; the container stops on success and keeps
    /// running on failure.</summary>
    /// <param name="id">Container id.</param>
    /// <param name="imagePath">Directory for CRIU's images.</param>
    /// <param name="workPath">Directory for CRIU's log and statistics.</param>
    /// <param name="tuning">How to run CRIU.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CheckpointResult> CheckpointAsync(string id, string imagePath, string workPath, CriuTuning tuning,
        CancellationToken cancellationToken);

    /// <summary>Pre-dumps a running container's memory with CRIU (it keeps running). Each pre-dump after the
    /// first names the previous one as its parent, so it holds only what the kernel saw dirtied since.</summary>
    /// <param name="id">Container id.</param>
    /// <param name="imagePath">Directory for this pre-dump's images.</param>
    /// <param name="parentPath">The previous pre-dump, relative to <paramref name="imagePath"/>, or null.</param>
    /// <param name="workPath">Directory for CRIU's log and statistics.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CheckpointResult> PreDumpAsync(string id, string imagePath, string? parentPath, string workPath,
        CancellationToken cancellationToken);

    /// <summary>Restores a container from images into the given bundle, detached.</summary>
    Task<RestoreResult> RestoreAsync(string id, string bundlePath, string imagePath, string workPath,
        CriuTuning tuning, CancellationToken cancellationToken);
}
