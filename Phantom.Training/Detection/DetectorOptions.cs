using Phantom.Training.Linear;
using Phantom.Training.Trees;

namespace Phantom.Training.Detection;

/// <summary>How <see cref="DetectorTrainer"/> fits and judges a session detector.</summary>
public sealed record DetectorOptions
{
    public DetectorAlgorithm Algorithm { get; init; } = DetectorAlgorithm.Gbt;

    /// <summary>Tree settings (depth and learning rate are the ones usually tuned).</summary>
    public GradientBoostingOptions Trees { get; init; } = new();

    /// <summary>
    /// Logistic settings. The L2 penalty is firmer than the learner's default because session features of generated
    /// traffic are nearly separable (user-agent flags alone split most agents off), where an almost unpenalised
    /// Newton iteration can overshoot and diverge; λ = 1 keeps it converging and costs no measurable AUC.
    /// </summary>
    public LogisticRegressionOptions Logistic { get; init; } = new() { L2Regularization = 1.0 };

    /// <summary>Share of sessions held out (stratified) to report the metrics on, when no test set is given.</summary>
    public double TestFraction { get; init; } = 0.25;

    /// <summary>Seeds the split and the learner.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Reliability-diagram bins of the calibration report.</summary>
    public int CalibrationBins { get; init; } = 10;
}
