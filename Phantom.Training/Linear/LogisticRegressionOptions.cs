namespace Phantom.Training.Linear;

/// <summary>Settings of <see cref="LogisticRegression.Fit"/>.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>L2 penalty λ/2·‖w‖² on the standardised coefficients (not the intercept), relative to the summed log-loss.</summary>
    public double L2Regularization { get; init; } = 1e-4;

    /// <summary>Standardise features first (coefficients are reported on the original scale either way).</summary>
    public bool Standardize { get; init; } = true;

    public int MaxIterations { get; init; } = 50;

    /// <summary>Stop when the largest Newton step on any coefficient is below this.</summary>
    public double Tolerance { get; init; } = 1e-8;
}
