namespace Phantom.Training.Learning;

/// <summary>
/// Losses as (value, gradient) pairs. Values are means accumulated in double; gradients are dMean/dInput written
/// (not accumulated) into <c>gradient</c>, ready for <see cref="ILayer.Backward"/>.
/// </summary>
public static class Losses
{
    /// <summary>
    /// Weighted mean binary cross-entropy on logits, computed stably as max(z,0) - z·y + log(1+e^-|z|).
    /// Weights (optional) let a multi-task loss mask rows with no label (weight 0); the mean divides by Σw.
    /// Targets may be soft (in [0,1]).
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, ReadOnlySpan<float> weights = default)
    {
        CheckLengths(logits.Length, targets.Length, gradient.Length);
        var weighted = !weights.IsEmpty;
        if (weighted && weights.Length != logits.Length)
        {
            throw new ArgumentException("Weights must match logits.", nameof(weights));
        }

        var total = 0.0;
        var weightSum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var w = weighted ? weights[i] : 1f;
            double z = logits[i];
            double y = targets[i];
            total += w * (Math.Max(z, 0) - (z * y) + Math.Log(1 + Math.Exp(-Math.Abs(z))));
            weightSum += w;
        }

        if (weightSum <= 0)
        {
            gradient.Clear();
            return 0;
        }

        var inv = 1.0 / weightSum;
        for (var i = 0; i < logits.Length; i++)
        {
            var w = weighted ? weights[i] : 1f;
            gradient[i] = (float)(w * (Sigmoid(logits[i]) - targets[i]) * inv);
        }

        return total * inv;
    }

    /// <summary>Mean of (prediction - target)² over all elements; gradient 2(p - y)/n.</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        CheckLengths(predictions.Length, targets.Length, gradient.Length);
        if (predictions.Length == 0)
        {
            return 0;
        }

        var total = 0.0;
        var scale = 2.0 / predictions.Length;
        for (var i = 0; i < predictions.Length; i++)
        {
            double d = predictions[i] - targets[i];
            total += d * d;
            gradient[i] = (float)(scale * d);
        }

        return total / predictions.Length;
    }

    /// <summary>Numerically safe logistic function in double.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    private static void CheckLengths(int a, int b, int c)
    {
        if (a != b || a != c)
        {
            throw new ArgumentException($"Lengths differ: {a}, {b}, {c}.");
        }
    }
}
