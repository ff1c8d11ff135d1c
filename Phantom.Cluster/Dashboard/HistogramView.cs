namespace Phantom.Cluster.Dashboard;

/// <summary>The agent-probability histograms of one frame (bins of width 1/<see cref="AgentHistogram.Bins"/> over [0, 1]).</summary>
/// <param name="Bins">Number of bins.</param>
/// <param name="FTau">Sessions per bin of f(τ), the kernel-divergence agent probability.</param>
/// <param name="Detector">Sessions per bin of the detector score, the P(agent) pricing uses.</param>
/// <param name="Scored">Sessions counted.</param>
/// <param name="Sampled">True when the node held more sessions than one sweep scores, so the counts are a stride sample.</param>
/// <param name="LikelyAgents">Sessions whose detector score is above one half.</param>
public sealed record HistogramView(int Bins, long[] FTau, long[] Detector, long Scored, bool Sampled, long LikelyAgents);
