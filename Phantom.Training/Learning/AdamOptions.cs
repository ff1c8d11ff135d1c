namespace Phantom.Training.Learning;

/// <summary>Adam hyper-parameters (Kingma &amp; Ba defaults).</summary>
public sealed record AdamOptions
{
    public double LearningRate { get; init; } = 1e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay (AdamW); 0 disables it.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Global gradient-norm clip applied before each step; null disables it.</summary>
    public double? MaxGradientNorm { get; init; }
}
