namespace Phantom.Training.Trees;

/// <summary>Hyper-parameters of histogram gradient boosting for binary log-loss (names follow XGBoost/LightGBM).</summary>
public sealed record GradientBoostingOptions
{
    /// <summary>Number of boosting rounds (trees).</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Maximum tree depth (root = depth 0); at most 2^depth leaves.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Shrinkage applied to every leaf value.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>L2 regularisation λ on leaf values: leaf = -G/(H+λ), gain uses G²/(H+λ).</summary>
    public double L2Regularization { get; init; } = 1.0;

    /// <summary>Minimum hessian sum in each child.</summary>
    public double MinChildWeight { get; init; } = 1e-3;

    /// <summary>Minimum number of training rows in each child.</summary>
    public int MinSamplesLeaf { get; init; } = 20;

    /// <summary>Minimum gain for a split to be made (γ).</summary>
    public double MinSplitGain { get; init; }

    /// <summary>Maximum bins per feature (2..255); quantile cut points.</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Rows sampled per feature to find the quantile cut points.</summary>
    public int BinningSampleSize { get; init; } = 200_000;

    /// <summary>Fraction of rows each tree is grown on (stochastic gradient boosting); 1 = all rows.</summary>
    public double RowSubsample { get; init; } = 1.0;

    /// <summary>Seeds the binning sample and the row subsample.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Threads used (-1 = all cores). Results do not depend on it: work is split into fixed chunks.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rounds);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(L2Regularization);
        ArgumentOutOfRangeException.ThrowIfNegative(MinChildWeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinSamplesLeaf);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBins, 255);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BinningSampleSize);
        if (RowSubsample is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RowSubsample), RowSubsample, "RowSubsample must be in (0, 1].");
        }
    }
}
