namespace Phantom.Training.Explain;

/// <summary>What drives a detector: its features ranked by importance.</summary>
/// <param name="Model">e.g. <c>gbt, 100 trees</c>.</param>
/// <param name="Method">What <see cref="FeatureImportance.Value"/> means: the gain share, or |coefficient|.</param>
/// <param name="Features">All features, most important first.</param>
public sealed record DetectorExplanation(string Model, string Method, IReadOnlyList<FeatureImportance> Features);
