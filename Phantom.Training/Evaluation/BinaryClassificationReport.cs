namespace Phantom.Training.Evaluation;

/// <summary>The metrics a detector or purchase model is judged by, computed together from one set of predictions.</summary>
public sealed record BinaryClassificationReport(int Count, int Positives, double RocAuc, double AveragePrecision, double LogLoss, CalibrationReport Calibration)
{
    public static BinaryClassificationReport Compute(ReadOnlySpan<double> probabilities, ReadOnlySpan<float> labels, int calibrationBins = 10)
    {
        var positives = 0;
        foreach (var l in labels)
        {
            positives += l == 1f ? 1 : 0;
        }

        return new BinaryClassificationReport(
            labels.Length,
            positives,
            ClassificationMetrics.RocAuc(probabilities, labels),
            ClassificationMetrics.AveragePrecision(probabilities, labels),
            ClassificationMetrics.LogLoss(probabilities, labels),
            CalibrationReport.Compute(probabilities, labels, calibrationBins));
    }
}
