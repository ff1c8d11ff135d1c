namespace Phantom.Training.Explain;

/// <summary>One feature's weight in a model, as <see cref="DetectorExplanation.Method"/> defines it.</summary>
public sealed record FeatureImportance(string Feature, double Value);
