namespace Phantom.Training.Learning;

/// <summary>Mini-batch training settings for <see cref="SupervisedTrainer"/>.</summary>
public sealed record SupervisedTrainerOptions
{
    public int Epochs { get; init; } = 100;

    public int BatchSize { get; init; } = 32;

    public SupervisedLoss Loss { get; init; } = SupervisedLoss.BinaryCrossEntropy;

    public AdamOptions Adam { get; init; } = new();

    /// <summary>Seeds the per-epoch shuffle.</summary>
    public long Seed { get; init; } = 1;
}
