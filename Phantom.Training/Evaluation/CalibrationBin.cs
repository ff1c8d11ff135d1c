namespace Phantom.Training.Evaluation;

/// <summary>One reliability-diagram bin: predictions in [Lower, Upper), their mean and the observed positive rate.</summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);
