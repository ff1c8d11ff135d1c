namespace Phantom.Training.Policies;

/// <summary>What one PPO rollout-and-update produced (progress lines, diagnostics).</summary>
public readonly record struct PpoUpdateStats(
    int Update,
    long Timesteps,
    double MeanEpisodeReward,
    int EpisodesFinished,
    double PolicyLoss,
    double ValueLoss,
    double Entropy,
    double ApproximateKl,
    double ClipFraction);
