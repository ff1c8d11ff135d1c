namespace Phantom.Training.Explain;

/// <summary>
/// A policy distilled into a shallow tree: its rules, and how faithfully the tree reproduces the policy's actions
/// (<see cref="Fidelity"/>: agreement on held-out observations the tree never saw).
/// </summary>
public sealed record PolicyExplanation
{
    public required string Policy { get; init; }

    public required DecisionTree Tree { get; init; }

    public required IReadOnlyList<DecisionRule> Rules { get; init; }

    /// <summary>Share of held-out observations on which the tree picks the policy's action.</summary>
    public required double Fidelity { get; init; }

    /// <summary>The same agreement on the training observations.</summary>
    public required double TrainingAgreement { get; init; }

    public required int TrainingSamples { get; init; }

    public required int HeldOutSamples { get; init; }

    /// <summary>How often the policy chose each action over all samples (index = action).</summary>
    public required IReadOnlyList<double> ActionShares { get; init; }

    /// <summary>How each action reads, e.g. "scale 0.95" (index = action).</summary>
    public required IReadOnlyList<string> ActionLabels { get; init; }
}
