using Phantom.Training.Data;
using Phantom.Training.Linear;
using Phantom.Training.Trees;

namespace Phantom.Training.Evaluation;

/// <summary>
/// The purchase model on real sessions: UCI "Online Shoppers Purchasing Intention" (label Revenue), stratified k-fold
/// cross-validation of gradient-boosted trees and, for reference, logistic regression.
/// </summary>
public static class PurchaseEvaluation
{
    public static PurchaseEvaluationResult Run(LabeledDataset data, int folds = 5, long seed = 1, GradientBoostingOptions? trees = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        trees ??= new GradientBoostingOptions();
        var gbt = CrossValidation.Run(data, folds, seed, train =>
        {
            var model = GradientBoostingTrainer.Fit(train.Features, train.Labels, trees with { Seed = seed });
            return x => model.PredictProbabilities(x);
        });
        log?.Invoke($"online shoppers, gbt {folds}-fold ROC-AUC: {string.Join(", ", gbt.Select(r => r.RocAuc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");
        var logistic = CrossValidation.Run(data, folds, seed, train =>
        {
            var model = LogisticRegression.Fit(train.Features, train.Labels);
            return x => model.PredictProbabilities(x);
        });
        log?.Invoke($"online shoppers, logistic {folds}-fold ROC-AUC: {string.Join(", ", logistic.Select(r => r.RocAuc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");
        var gbtAuc = gbt.Select(r => r.RocAuc).ToArray();
        var logisticAuc = logistic.Select(r => r.RocAuc).ToArray();
        return new PurchaseEvaluationResult(data.Count, (int)data.Labels.Sum(), folds,
            gbtAuc.Average(), Std(gbtAuc), gbtAuc, gbt.Average(r => r.AveragePrecision),
            logisticAuc.Average(), Std(logisticAuc), logisticAuc);
    }

    /// <summary>Sample standard deviation (n − 1).</summary>
    private static double Std(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
