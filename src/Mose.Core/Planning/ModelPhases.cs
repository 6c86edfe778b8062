namespace Mose.Core.Planning;

/// <summary>
/// The phases the model prices, each a <see cref="Line"/> in the state size (MiB) fitted per host. Network
/// time is not in them: it is physics (bytes × 8 / bandwidth), so each line holds only what a phase costs
/// beyond its wire time. Priors are this project's measurements on its 2-core machines (DESIGN.md).
/// </summary>
public static class ModelPhases
{
    /// <summary>Source: freeze and CRIU dump through runc, of a cold move.</summary>
    public const string CheckpointCold = "checkpoint.cold";

    /// <summary>Source: the final dump after pre-copy (the reader has just walked the memory, and the last
    /// move's images may still be going into the chunk store).</summary>
    public const string CheckpointPreCopy = "checkpoint.precopy";

    /// <summary>Destination: CRIU restore through runc, after a cold move.</summary>
    public const string RestoreCold = "restore.cold";

    /// <summary>Destination: restore after pre-copy (the images were rebuilt from the chunk store).</summary>
    public const string RestorePreCopy = "restore.precopy";

    /// <summary>Destination: restore after pre-copy on a return trip (its store already held the pages, so
    /// little was written there just before).</summary>
    public const string RestorePreCopyReturn = "restore.precopy.return";

    /// <summary>Source: the final copy of a return trip, beyond wire time.</summary>
    public const string SendPreCopyReturn = "send.precopy.return";

    /// <summary>Source: sending the whole dump, beyond wire time.</summary>
    public const string SendCold = "send.cold";

    /// <summary>Source: cutting the final dump into chunks, sending what is missing and rebuilding it, beyond
    /// wire time.</summary>
    public const string SendPreCopy = "send.precopy";

    /// <summary>Source: the first pre-copy round (reading and hashing the live memory, asking the destination
    /// which of all the pages it lacks), beyond wire time.</summary>
    public const string RoundFirst = "round.first";

    /// <summary>Source: a later round (reading the memory again; only changed pages are offered), beyond wire
    /// time.</summary>
    public const string RoundNext = "round.next";

    /// <summary>Destination: preparing and receiving the bundle.</summary>
    public const string Prepare = "prepare";

    /// <summary>Source: releasing its copy after the commit.</summary>
    public const string Commit = "commit";

    /// <summary>The part of the checkpoint and restore steps outside the freeze (runc starting before it,
    /// replies after it): the downtime is the steps' sum minus this.</summary>
    public const string OutsideFreeze = "outside-freeze";

    /// <summary>Moving the service's route (overlaps the transfer).</summary>
    public const string Network = "network";

    /// <summary>Describing both hosts before anything is touched.</summary>
    public const string Plan = "plan";

    /// <summary>Every phase with its prior.</summary>
    public static IReadOnlyDictionary<string, Line> Priors { get; } = new Dictionary<string, Line>
    {
        [CheckpointCold] = new(300, 1.5),
        [CheckpointPreCopy] = new(300, 1.5),
        [RestoreCold] = new(250, 1.5),
        [RestorePreCopy] = new(250, 1.5),
        [RestorePreCopyReturn] = new(250, 1.0),
        [SendCold] = new(30, 0.5),
        [SendPreCopy] = new(50, 1.0),
        [SendPreCopyReturn] = new(50, 0.5),
        [RoundFirst] = new(100, 2.0),
        [RoundNext] = new(50, 1.0),
        [Prepare] = new(150, 0),
        [Commit] = new(60, 0),
        [Network] = new(40, 0),
        [OutsideFreeze] = new(50, 0),
        [Plan] = new(10, 0),
    };
}
