namespace Phantom.Training.Trees;

/// <summary>The best split found for a node: rows with bin ≤ <see cref="Bin"/> of <see cref="Feature"/> go left.</summary>
internal readonly record struct SplitCandidate(int Feature, int Bin, double Gain, double LeftGradient, double LeftHessian, int LeftCount)
{
    public static SplitCandidate None { get; } = new(-1, -1, 0, 0, 0, 0);

    public bool IsValid => Feature >= 0;
}
