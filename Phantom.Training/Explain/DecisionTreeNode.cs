namespace Phantom.Training.Explain;

/// <summary>
/// A node of a fitted <see cref="DecisionTree"/>: an internal node sends a row left when
/// <c>x[Feature] ≤ Threshold</c>; a leaf (<see cref="IsLeaf"/>) predicts <see cref="Prediction"/>.
/// </summary>
public sealed record DecisionTreeNode
{
    /// <summary>Split feature, or -1 for a leaf.</summary>
    public required int Feature { get; init; }

    public required double Threshold { get; init; }

    /// <summary>Child indices (−1 for a leaf).</summary>
    public required int Left { get; init; }

    public required int Right { get; init; }

    /// <summary>Majority class of the training samples that reached the node (lowest class on a tie).</summary>
    public required int Prediction { get; init; }

    /// <summary>Training samples per class at this node.</summary>
    public required int[] ClassCounts { get; init; }

    public int Samples => ClassCounts.Sum();

    public bool IsLeaf => Feature < 0;
}
