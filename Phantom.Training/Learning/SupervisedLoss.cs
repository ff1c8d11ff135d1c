namespace Phantom.Training.Learning;

/// <summary>Loss used by <see cref="SupervisedTrainer"/>.</summary>
public enum SupervisedLoss
{
    /// <summary>Binary cross-entropy on logits; targets in [0, 1].</summary>
    BinaryCrossEntropy,

    /// <summary>Mean squared error on raw outputs.</summary>
    MeanSquaredError,
}
