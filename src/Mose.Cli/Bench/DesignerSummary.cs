namespace Mose.Cli.Bench;

/// <summary>Issue 4's targets measured over the designer benchmark's rows.</summary>
/// <param name="FeasibleTasks">Tasks whose plan met every target.</param>
/// <param name="FeasibleMet">Of those, the ones whose measured KPIs met the targets.</param>
/// <param name="Errors">Prediction errors over the successful migrations of tasks a–d.</param>
/// <param name="Unreused">The same, leaving out the migrations that found most of the state already on
/// the destination (<see cref="DesignerRow.Reused"/>), which the model does not foresee.</param>
/// <param name="Ratios">Per service, min-resources against min-downtime.</param>
/// <param name="BandwidthRatio">Median over services of the reserved-bandwidth ratio.</param>
/// <param name="RateRatio">Median over services of the average-rate ratio.</param>
/// <param name="Infeasible">Every infeasible task's outcome.</param>
/// <param name="Phases">Per strategy and phase, how the model priced it.</param>
public sealed record DesignerSummary(int FeasibleTasks, int FeasibleMet, PredictionErrors Errors,
    PredictionErrors Unreused, IReadOnlyList<ServiceRatio> Ratios, double BandwidthRatio, double RateRatio,
    IReadOnlyList<InfeasibleOutcome> Infeasible, IReadOnlyList<PhaseError> Phases)
{
    /// <summary>Issue 4's targets.</summary>
    public const double MetTarget = 0.95, ErrorTarget = 0.15, RatioTarget = 0.30;

    /// <summary>Share of feasible tasks that met their targets; NaN when no plan was feasible.</summary>
    public double MetRate => FeasibleTasks > 0 ? (double)FeasibleMet / FeasibleTasks : double.NaN;

    public static DesignerSummary Of(IReadOnlyList<DesignerRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var feasible = rows.Where(r => r.PlanFeasible).ToList();
        var measured = rows.Where(r => DesignerTasks.MeantFeasible(r.Kind) && r.Result.Success).ToList();
        var ratios = rows.GroupBy(r => r.Service).Select(Ratio).OfType<ServiceRatio>().ToList();
        var infeasible = rows.Where(r => !DesignerTasks.MeantFeasible(r.Kind)).Select(Outcome).ToList();
        return new DesignerSummary(feasible.Count, feasible.Count(r => r.Met), PredictionErrors.Of(measured),
            PredictionErrors.Of([.. measured.Where(r => !r.Reused)]), ratios,
            MedianOf(ratios.Select(r => r.Bandwidth)), MedianOf(ratios.Select(r => r.Rate)), infeasible,
            PhaseErrors(measured));
    }

    /// <summary>The median of the finite values; NaN when there is none.</summary>
    public static double MedianOf(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count > 0 ? Stats.Median(finite) : double.NaN;
    }

    private static ServiceRatio? Ratio(IGrouping<string, DesignerRow> service)
    {
        var pairs = service.GroupBy(r => r.Run)
            .Select(run => (Down: Find(run, DesignerTaskKind.Loose),
                Res: Find(run, DesignerTaskKind.MinResources)))
            .Where(p => p.Down is not null && p.Res is not null)
            .Select(p => (Down: p.Down!, Res: p.Res!))
            .ToList();
        return pairs.Count == 0 ? null : new ServiceRatio(service.Key,
            MedianOf(pairs.Select(p => Divide(p.Res.ReservedBps, p.Down.ReservedBps))),
            MedianOf(pairs.Select(p => Divide(p.Res.AverageRateBps, p.Down.AverageRateBps))), pairs.Count);
    }

    private static DesignerRow? Find(IEnumerable<DesignerRow> run, DesignerTaskKind kind) =>
        run.FirstOrDefault(r => r.Kind == kind && r.Result.Success);

    private static double Divide(double a, double b) => b > 0 ? a / b : double.NaN;

    private static InfeasibleOutcome Outcome(DesignerRow r)
    {
        var plan = r.Result.Plan;
        var said = plan is { Feasible: false }
            && plan.Misses.Any(m => m.StartsWith("downtime", StringComparison.Ordinal));
        var words = r.Kind == DesignerTaskKind.InfeasibleHard ? r.Result.Error : plan?.Why ?? r.Result.Error;
        return new InfeasibleOutcome(r.Run, r.Service, r.Kind, said, words, Migrated: r.Result.Success,
            Refused: r.Result.FailedPhase == "plan" && r.ExitCode == ExitCodes.Usage,
            Untouched: r.HostAfter == r.From && r.StateProblems.Count == 0 && !r.Result.Success);
    }

    private static List<PhaseError> PhaseErrors(IEnumerable<DesignerRow> measured) =>
    [
        .. from r in measured.Where(r => r.PredictedPhases.Count > 0)
           let actual = PhaseForecast.Measured(r.Result)
           from phase in PhaseForecast.Phases
           where actual[phase] > 0
           group (Pred: r.PredictedPhases[phase], Meas: actual[phase]) by (r.Result.Strategy, phase) into g
           select new PhaseError(g.Key.Strategy, g.Key.phase, Stats.Median(g.Select(x => x.Pred)),
               Stats.Median(g.Select(x => x.Meas)), Stats.Median(g.Select(x => (x.Pred - x.Meas) / x.Meas)),
               g.Count()),
    ];
}
