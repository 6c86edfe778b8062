using Mose.Core.Services;

namespace Mose.Cli.Commands;

/// <summary>Turns `lab deploy`'s per-kind options (dprgen's --state and --rate) into the program and
/// arguments the orchestrator runs.</summary>
public static class DeployArgs
{
    /// <summary>The argv for the deploy request; empty (the kind's defaults) when no option was given.
    /// </summary>
    /// <exception cref="UserException">An option the kind does not take, or a value out of range; every
    /// problem is named at once.</exception>
    public static IReadOnlyList<string> From(string kind, string? state, int? rate, long? seed = null)
    {
        if (state is null && rate is null && seed is null)
        {
            return [];
        }

        if (kind != "dprgen")
        {
            var options = new[] { (state, "--state"), (rate?.ToString(), "--rate"), (seed?.ToString(), "--seed") }
                .Where(o => o.Item1 is not null).Select(o => o.Item2).ToList();
            var given = options.Count == 1 ? $"{options[0]} applies"
                : $"{string.Join(", ", options.SkipLast(1))} and {options[^1]} apply";
            throw new UserException($"{given} only to dprgen, not to '{kind}'");
        }

        var problems = new List<string>();
        var stateMiB = Dprgen.DefaultStateMiB;
        if (state is not null)
        {
            var bytes = Sizes.Parse(state);
            if (bytes is { } b && b >= Sizes.MiB && b <= Dprgen.MaxStateMiB * Sizes.MiB && b % Sizes.MiB == 0)
            {
                stateMiB = (int)(b / Sizes.MiB);
            }
            else
            {
                problems.Add($"--state '{state}' is not a whole number of MiB from 1MB to 8GB; " +
                    "use e.g. 64MB, 256MiB or 1GB");
            }
        }

        if (rate is < 0 or > Dprgen.MaxRate)
        {
            problems.Add($"--rate {rate} is not a page rate from 0 to {Dprgen.MaxRate} pages/s");
        }

        if (seed is < 1)
        {
            problems.Add($"--seed {seed} must be a positive number");
        }

        if (problems.Count > 0)
        {
            throw new UserException(string.Join("; ", problems));
        }

        return Dprgen.Args(stateMiB, rate ?? 0, seed);
    }
}
