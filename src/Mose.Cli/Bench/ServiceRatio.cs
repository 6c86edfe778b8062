namespace Mose.Cli.Bench;

/// <summary>How much less a service's min-resources task used than its min-downtime task (median over runs).
/// </summary>
/// <param name="Service">The service's label.</param>
/// <param name="Bandwidth">Reserved bandwidth (cap, or the link when uncapped), min-resources ÷ min-downtime.
/// </param>
/// <param name="Rate">Average rate the state travelled at, min-resources ÷ min-downtime.</param>
/// <param name="Runs">Runs in which both tasks succeeded.</param>
public sealed record ServiceRatio(string Service, double Bandwidth, double Rate, int Runs);
