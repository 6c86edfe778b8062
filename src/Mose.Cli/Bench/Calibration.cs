using Mose.Cli.Commands;
using Mose.Cli.Lab;
using Mose.Contracts.Orchestrator;
using Mose.Core.Migration;
using Mose.Core.Services;

namespace Mose.Cli.Bench;

/// <summary>
/// Calibrates a host's model: a dprgen sweep over state size and write rate. Each cell is deployed on the
/// host or, every other cell, on the peer, and moved cold there and back, then with pre-copy there, back and
/// there again: a first trip and return trips into both hosts, which the model prices apart. The
/// orchestrator refits both hosts' constants after every migration, so calibrating is nothing but real
/// migrations the model learns from.
/// </summary>
public sealed class Calibration(string host, string peer, Action<string> say)
{
    /// <summary>The sweep's default state sizes, MB: 8 MB pins the lines' fixed costs, which small services
    /// such as sockperf are almost only made of.</summary>
    public static readonly IReadOnlyList<int> Sizes = [8, 32, 128, 384];

    /// <summary>The sweep's default write rates, pages/s.</summary>
    public static readonly IReadOnlyList<int> Rates = [0, 2000];

    /// <summary>Service name the calibration deploys (an older one of that name is replaced).</summary>
    public const string ServiceName = "calib-dprgen";

    /// <summary>Migrations that failed; the sweep goes on without them.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Successful migrations the model learnt from.</summary>
    public int Learnt { get; private set; }

    private int _moves;
    private int _totalMoves;

    public async Task RunAsync(IReadOnlyList<int> sizesMb, IReadOnlyList<int> rates, CancellationToken cancellationToken)
    {
        var cell = 0;
        _totalMoves = sizesMb.Count * rates.Count * Trips(host, peer).Length;
        foreach (var size in sizesMb)
        {
            foreach (var rate in rates)
            {
                var (home, away) = cell++ % 2 == 0 ? (host, peer) : (peer, host);
                await LabSession.RemoveIfPresentAsync(ServiceName, cancellationToken).ConfigureAwait(false);
                var request = new DeployServiceRequest { Kind = "dprgen", Name = ServiceName, Host = home };
                request.Args.AddRange(Dprgen.Args(size, rate, seed: Random.Shared.NextInt64(1, long.MaxValue)));
                await LabController.Orchestrator().DeployAsync(request, cancellationToken: cancellationToken);

                // dprgen fills its state before it listens; a second lets its writing settle.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                foreach (var (strategy, to) in Trips(away, home))
                {
                    await MoveAsync(size, rate, strategy, to, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await LabSession.RemoveIfPresentAsync(ServiceName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One cell's moves: cold there and back, then pre-copy there, back and there again.</summary>
    private static (string Strategy, string To)[] Trips(string away, string home) =>
    [
        (MigrationStrategies.Cold, away), (MigrationStrategies.Cold, home),
        (MigrationStrategies.PreCopy, away), (MigrationStrategies.PreCopy, home), (MigrationStrategies.PreCopy, away),
    ];

    private async Task MoveAsync(int size, int rate, string strategy, string to, CancellationToken cancellationToken)
    {
        var result = await MigrateCommand.RunAsync(new MigrateRequest
            { Service = ServiceName, Destination = to, Strategy = strategy }, null, cancellationToken)
            .ConfigureAwait(false);
        var what = $"[{++_moves}/{_totalMoves}] {size} MB, {rate} pages/s, {strategy} to {to}";
        if (result.Success)
        {
            Learnt++;
            say($"{what}: downtime {Output.Ms(result.DowntimeMs)}, total {Output.Ms(result.TotalMs)}");
        }
        else
        {
            Problems.Add($"{what}: {result.FailedPhase}: {result.Error}");
            say($"{what}: FAILED in {result.FailedPhase}: {result.Error}");
        }
    }
}
