using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Core.Planning;
using Mose.Orchestrator.Migration;
using Mose.Orchestrator.Store;

namespace Mose.Orchestrator.Design;

/// <summary>
/// Each host's model constants, kept in the store. Every finished migration adds its measured phases as
/// samples (checkpoint and send for the source, prepare and restore for the destination, each round's cost
/// beyond wire time) and refits both hosts, so the model follows the hosts as they are now.
/// </summary>
public sealed partial class ModelBook(ModelStore store, TimeProvider time, ILogger<ModelBook> logger)
{
    /// <summary>Samples per phase a fit uses, newest first.</summary>
    public const int FitWindow = 60;

    private readonly ConcurrentDictionary<string, HostConstants> _cache = new();

    /// <summary>The host's constants: fitted, or the priors for a host never seen.</summary>
    public HostConstants For(string host) => _cache.GetOrAdd(host, h =>
        store.Constants(h) is { } json ? Deserialize(json) : HostConstants.Defaults);

    /// <summary>Adds a successful migration's phases as samples and refits both hosts.</summary>
    public void Learn(MigrationResult result, long linkBps, long capBps)
    {
        if (!result.Success || result.StateBytes <= 0)
        {
            return;
        }

        var at = time.GetUtcNow();
        var mib = result.StateBytes / 1048576.0;
        var bps = MigrationModel.EffectiveBps(capBps, linkBps);
        var cold = result.Rounds.Count == 0;

        // A return trip: the first round found most pages already at the destination.
        var returns = !cold && result.Rounds[0].RawBytes < result.StateBytes / 2;
        var wire = MigrationModel.WireMs(result.FreezeBytes, bps);
        void Add(string host, string phase, double x, double y) => store.AddSample(host, phase, x, y, at);
        Add(result.Source, cold ? ModelPhases.CheckpointCold : ModelPhases.CheckpointPreCopy, mib,
            Phase(result, MigrationExecutor.Checkpoint));
        Add(result.Source, cold ? ModelPhases.SendCold
            : returns ? ModelPhases.SendPreCopyReturn : ModelPhases.SendPreCopy, mib,
            Phase(result, MigrationExecutor.Transfer) - wire);
        Add(result.Source, ModelPhases.Network, mib, Phase(result, MigrationExecutor.Network));
        Add(result.Source, ModelPhases.OutsideFreeze, mib, Phase(result, MigrationExecutor.Checkpoint)
            + Math.Max(Phase(result, MigrationExecutor.Network), Phase(result, MigrationExecutor.Transfer))
            + Phase(result, MigrationExecutor.Restore) - result.DowntimeMs);
        Add(result.Source, ModelPhases.Plan, mib, Phase(result, MigrationExecutor.Plan));
        Add(result.Source, ModelPhases.Commit, mib, Phase(result, MigrationExecutor.Commit));
        Add(result.Destination, ModelPhases.Prepare, mib, Phase(result, MigrationExecutor.Prepare));
        Add(result.Destination, cold ? ModelPhases.RestoreCold
            : returns ? ModelPhases.RestorePreCopyReturn : ModelPhases.RestorePreCopy, mib,
            Phase(result, MigrationExecutor.Restore));
        foreach (var round in result.Rounds)
        {
            Add(result.Source, round.Round == 1 ? ModelPhases.RoundFirst : ModelPhases.RoundNext,
                round.PagesPresent * 4096 / 1048576.0,
                round.Ms - MigrationModel.WireMs(round.WireBytes, bps));
        }

        Refit(result.Source);
        Refit(result.Destination);
    }

    /// <summary>Refits a host from its samples and saves the constants.</summary>
    public HostConstants Refit(string host)
    {
        var constants = HostConstants.Fit(phase =>
            store.Samples(host, phase, FitWindow).Select(s => (s.X, s.Y)).ToList());
        store.SaveConstants(host, JsonSerializer.Serialize(constants), constants.TotalSamples, time.GetUtcNow());
        _cache[host] = constants;
        LogRefit(host, constants.TotalSamples, constants[ModelPhases.CheckpointCold].ToString(),
            constants[ModelPhases.RestoreCold].ToString());
        return constants;
    }

    /// <summary>Where a host's constants come from, for a person reading a plan.</summary>
    public string Describe(string host)
    {
        var samples = For(host).TotalSamples;
        return samples == 0 ? $"{host}: priors (not calibrated: ./mose calibrate {host})"
            : $"{host}: fitted from {samples} phase samples";
    }

    private static double Phase(MigrationResult result, string phase) =>
        result.Phases.Where(p => p.Phase == phase).Sum(p => p.Ms);

    private static HostConstants Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<HostConstants>(json) ?? HostConstants.Defaults;
        }
        catch (JsonException)
        {
            // Constants written by another version: the samples are still there for the next refit.
            return HostConstants.Defaults;
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information,
        Message = "Model of {Host} refit from {Samples} samples: checkpoint {Checkpoint}, restore {Restore}")]
    private partial void LogRefit(string host, int samples, string checkpoint, string restore);
}
