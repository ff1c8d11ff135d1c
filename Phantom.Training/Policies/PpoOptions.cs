namespace Phantom.Training.Policies;

/// <summary>
/// <c>phantom train policy --algo ppo</c> and the benchmark's ppo tier: PPO hyper-parameters. Defaults are section 6
/// of PHANTOM-MODEL.md (Stable-Baselines3's PPO defaults where the section is silent: value coefficient 0.5, gradient
/// clip 0.5, no entropy bonus).
/// </summary>
public sealed class PpoOptions
{
    /// <summary>Adam learning rate of the actor and of the critic.</summary>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>Environment steps per rollout (n_steps).</summary>
    public int RolloutSteps { get; set; } = 2048;

    /// <summary>Mini-batch size of the update epochs.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Passes over each rollout.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Discount γ.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE λ.</summary>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Clip range ε of the probability ratio.</summary>
    public double ClipRange { get; set; } = 0.2;

    /// <summary>Weight of the entropy bonus in the actor's loss.</summary>
    public double EntropyCoefficient { get; set; }

    /// <summary>Weight of the value loss (the critic has its own network and optimiser, so this scales its gradient).</summary>
    public double ValueCoefficient { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip of each network per update; 0 disables it.</summary>
    public double MaxGradientNorm { get; set; } = 0.5;

    /// <summary>Hidden widths of the actor and of the critic (separate networks), ReLU.</summary>
    public int[] HiddenSizes { get; set; } = [64, 64];

    /// <summary>Standardise observations with running mean/variance (frozen after training, saved with the weights).</summary>
    public bool NormalizeObservations { get; set; } = true;

    /// <summary>
    /// Divide rewards by the running standard deviation of the discounted return while training (VecNormalize's
    /// norm_reward): the raw reward is in the thousands, which would swamp the critic's regression.
    /// </summary>
    public bool NormalizeRewards { get; set; } = true;

    /// <summary>Standardise advantages per mini-batch.</summary>
    public bool NormalizeAdvantages { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning-rate", "must be finite and > 0");
        Require(RolloutSteps >= 1, "n-steps", "must be at least 1");
        Require(BatchSize >= 1, "batch-size", "must be at least 1");
        Require(Epochs >= 1, "epochs", "must be at least 1");
        Require(Gamma is >= 0 and <= 1, "gamma", "must be in [0, 1]");
        Require(GaeLambda is >= 0 and <= 1, "gae-lambda", "must be in [0, 1]");
        Require(ClipRange > 0, "clip-range", "must be > 0");
        Require(EntropyCoefficient >= 0, "entropy-coefficient", "must be >= 0");
        Require(ValueCoefficient > 0, "value-coefficient", "must be > 0");
        Require(MaxGradientNorm >= 0, "max-gradient-norm", "must be >= 0");
        Require(HiddenSizes is { Length: > 0 } && HiddenSizes.All(h => h >= 1), "hidden-sizes", "must be a non-empty list of widths >= 1");
    }

    private static void Require(bool ok, string key, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"ppo: {key} {rule}");
        }
    }
}
