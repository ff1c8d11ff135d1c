namespace Phantom.Training.Policies;

/// <summary>
/// One evaluation episode: sums of reward and revenue over its steps, and per-step means of margin, COI level, COI
/// leakage and COI mix.
/// </summary>
public sealed record EpisodeSummary(
    int Steps,
    double TotalReward,
    double TotalRevenue,
    double MeanMargin,
    double MeanCoiLevel,
    double MeanCoiLeakage,
    double MeanCoiMix,
    double MeanPrice);
