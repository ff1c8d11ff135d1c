using Phantom.Training.Learning;

namespace Phantom.Training.Detection;

/// <summary>How <see cref="MultiTaskSessionTrainer"/> trains the shared-encoder network on replayed sessions.</summary>
public sealed record MultiTaskSessionOptions
{
    /// <summary>α: weight of BCE(agent) in the loss.</summary>
    public double AgentLossWeight { get; init; } = 1.0;

    /// <summary>β: weight of BCE(purchase) in the loss.</summary>
    public double PurchaseLossWeight { get; init; } = 1.0;

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 256;

    public double LearningRate { get; init; } = 1e-3;

    public IReadOnlyList<int> EncoderHiddenSizes { get; init; } = [64, 32];

    /// <summary>Share of sessions held out (stratified by agent label) for the reported metrics.</summary>
    public double TestFraction { get; init; } = 0.25;

    /// <summary>Share of the training sessions used for early stopping.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    public int EarlyStoppingPatience { get; init; } = 4;

    public long Seed { get; init; } = 1;

    /// <summary>Called after each epoch (progress).</summary>
    public Action<MultiTaskEpoch>? EpochCompleted { get; init; }
}
