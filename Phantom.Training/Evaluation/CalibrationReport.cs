namespace Phantom.Training.Evaluation;

/// <summary>
/// Reliability bins (equal-width on [0, 1]) and the expected calibration error
/// ECE = Σ_b (n_b / n) · |observed_b − mean predicted_b| (empty bins contribute nothing).
/// </summary>
public sealed record CalibrationReport(IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError, double MaximumCalibrationError)
{
    public static CalibrationReport Compute(ReadOnlySpan<double> probabilities, ReadOnlySpan<float> labels, int binCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binCount);
        if (probabilities.Length != labels.Length)
        {
            throw new ArgumentException("One label per probability is required.", nameof(labels));
        }

        var counts = new int[binCount];
        var predictedSum = new double[binCount];
        var positiveSum = new double[binCount];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (p is < 0 or > 1 || double.IsNaN(p))
            {
                throw new ArgumentException($"Probability {p} is outside [0, 1].", nameof(probabilities));
            }

            var b = Math.Min(binCount - 1, (int)(p * binCount));
            counts[b]++;
            predictedSum[b] += p;
            positiveSum[b] += labels[i];
        }

        var bins = new CalibrationBin[binCount];
        double ece = 0, mce = 0;
        for (var b = 0; b < binCount; b++)
        {
            var meanPredicted = counts[b] > 0 ? predictedSum[b] / counts[b] : double.NaN;
            var observed = counts[b] > 0 ? positiveSum[b] / counts[b] : double.NaN;
            bins[b] = new CalibrationBin((double)b / binCount, (double)(b + 1) / binCount, counts[b], meanPredicted, observed);
            if (counts[b] > 0)
            {
                var gap = Math.Abs(observed - meanPredicted);
                ece += (double)counts[b] / probabilities.Length * gap;
                mce = Math.Max(mce, gap);
            }
        }

        return new CalibrationReport(bins, ece, mce);
    }

    public static CalibrationReport Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, int binCount = 10) =>
        Compute(ClassificationMetrics.ToDouble(probabilities), labels, binCount);
}
