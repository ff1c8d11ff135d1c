namespace Phantom.Training.Evaluation;

/// <summary>The headline numbers of a <see cref="BinaryClassificationReport"/>, flat for tables and JSON.</summary>
public sealed record HeldOutScores(double RocAuc, double PrAuc, double LogLoss, double ExpectedCalibrationError, int Count, int Positives)
{
    public static HeldOutScores From(BinaryClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new HeldOutScores(report.RocAuc, report.AveragePrecision, report.LogLoss, report.Calibration.ExpectedCalibrationError, report.Count, report.Positives);
    }

    /// <summary>Scores a detector that was not trained here (ROC/PR only; its "probabilities" may not be calibrated).</summary>
    public static HeldOutScores Ranking(ReadOnlySpan<double> scores, ReadOnlySpan<float> labels)
    {
        var positives = 0;
        foreach (var l in labels)
        {
            positives += l == 1f ? 1 : 0;
        }

        return new HeldOutScores(ClassificationMetrics.RocAuc(scores, labels), ClassificationMetrics.AveragePrecision(scores, labels), double.NaN, double.NaN, labels.Length, positives);
    }
}
