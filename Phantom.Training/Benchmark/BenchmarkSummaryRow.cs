namespace Phantom.Training.Benchmark;

/// <summary>
/// Aggregate over the episodes of one tier × mode × training α × evaluation α (a row of the summary CSV). Rewards and
/// revenues are episode sums (<see cref="StdRevenue"/> is their population standard deviation); margin and COI
/// are per-step means; <see cref="ObjectiveScore"/> = <see cref="MeanReward"/>.
/// </summary>
public sealed record BenchmarkSummaryRow(
    string Tier,
    string Mode,
    double TrainAlpha,
    double EvalAlpha,
    string Stress,
    int Episodes,
    double MeanReward,
    double MeanRevenue,
    double StdRevenue,
    double MeanMargin,
    double MeanCoi,
    double MeanCoiLeakage,
    double MeanPrice,
    double MeanSteps)
{
    public double ObjectiveScore => MeanReward;
}
