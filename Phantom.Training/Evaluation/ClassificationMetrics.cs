namespace Phantom.Training.Evaluation;

/// <summary>
/// Binary-classification metrics over (score, label ∈ {0,1}) pairs. Ranking metrics sort once (O(n log n)) and treat
/// tied scores as one threshold, so they do not depend on input order.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>
    /// ROC-AUC = P(score of a random positive &gt; score of a random negative) + ½ P(tie), via the Mann–Whitney
    /// rank-sum with mid-ranks for ties. NaN when either class is absent.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<float> labels)
    {
        var order = SortedOrder(scores, labels, descending: false);
        double positives = 0, rankSum = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            var midRank = ((i + j) / 2.0) + 1.0;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]] == 1f)
                {
                    positives++;
                    rankSum += midRank;
                }
            }

            i = j + 1;
        }

        var negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / (positives * negatives);
    }

    /// <summary>
    /// PR-AUC as average precision, AP = Σ (R_k − R_{k−1}) · P_k over distinct score thresholds from high to low (as in
    /// scikit-learn; tied scores enter together). NaN without positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<float> labels)
    {
        var order = SortedOrder(scores, labels, descending: true);
        double totalPositives = 0;
        foreach (var l in labels)
        {
            totalPositives += l == 1f ? 1 : 0;
        }

        if (totalPositives == 0)
        {
            return double.NaN;
        }

        double truePositives = 0, seen = 0, previousRecall = 0, ap = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                truePositives += labels[order[j]] == 1f ? 1 : 0;
                seen++;
                j++;
            }

            var recall = truePositives / totalPositives;
            ap += (recall - previousRecall) * (truePositives / seen);
            previousRecall = recall;
            i = j;
        }

        return ap;
    }

    /// <summary>Mean negative log-likelihood of the labels under probabilities clipped to [ε, 1−ε].</summary>
    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<float> labels, double epsilon = 1e-15)
    {
        CheckLengths(probabilities.Length, labels.Length);
        if (probabilities.Length == 0)
        {
            return double.NaN;
        }

        var total = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], epsilon, 1 - epsilon);
            total -= labels[i] == 1f ? Math.Log(p) : Math.Log(1 - p);
        }

        return total / probabilities.Length;
    }

    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels) => RocAuc(ToDouble(scores), labels);

    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels) => AveragePrecision(ToDouble(scores), labels);

    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels) => LogLoss(ToDouble(probabilities), labels);

    internal static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static int[] SortedOrder(ReadOnlySpan<double> scores, ReadOnlySpan<float> labels, bool descending)
    {
        CheckLengths(scores.Length, labels.Length);
        var keys = scores.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (double.IsNaN(keys[i]))
            {
                throw new ArgumentException("Scores contain NaN.", nameof(scores));
            }

            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException("Labels must be 0 or 1.", nameof(labels));
            }

            order[i] = i;
            if (descending)
            {
                keys[i] = -keys[i];
            }
        }

        Array.Sort(keys, order);
        return order;
    }

    private static void CheckLengths(int scores, int labels)
    {
        if (scores != labels)
        {
            throw new ArgumentException($"{scores} scores but {labels} labels.");
        }
    }
}
