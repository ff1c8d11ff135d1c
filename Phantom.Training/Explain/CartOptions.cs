namespace Phantom.Training.Explain;

/// <summary>Growth limits of a <see cref="CartClassifier"/> tree.</summary>
public sealed record CartOptions
{
    /// <summary>Deepest level of a split (depth 5: at most 32 leaves, rules with at most 5 conditions).</summary>
    public int MaxDepth { get; init; } = 5;

    /// <summary>Fewest samples a leaf may hold.</summary>
    public int MinSamplesLeaf { get; init; } = 5;

    /// <summary>Fewest samples a node needs to be split.</summary>
    public int MinSamplesSplit { get; init; } = 10;

    /// <summary>A split must lower the weighted Gini impurity by more than this.</summary>
    public double MinImpurityDecrease { get; init; } = 1e-9;

    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSamplesLeaf, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSamplesSplit, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(MinImpurityDecrease);
    }
}
