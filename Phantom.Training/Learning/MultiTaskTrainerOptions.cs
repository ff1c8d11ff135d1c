namespace Phantom.Training.Learning;

/// <summary>Settings for <see cref="MultiTaskTrainer"/>: loss = α·BCE(agent) + β·BCE(purchase), Adam.</summary>
public sealed record MultiTaskTrainerOptions
{
    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 256;

    /// <summary>α, the weight of the agent loss.</summary>
    public double AgentLossWeight { get; init; } = 1.0;

    /// <summary>β, the weight of the purchase loss.</summary>
    public double PurchaseLossWeight { get; init; } = 1.0;

    public AdamOptions Adam { get; init; } = new() { LearningRate = 1e-3, MaxGradientNorm = 5.0 };

    /// <summary>Seeds the validation split and the batch order.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Fraction of rows held out for validation (0 = none; early stopping then does not apply).</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Stop after this many epochs without validation improvement and restore the best weights; null = never.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Called after every epoch with its losses (progress lines); null = silent.</summary>
    public Action<MultiTaskEpoch>? EpochCompleted { get; init; }
}
