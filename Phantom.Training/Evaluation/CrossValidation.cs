using Phantom.Training.Data;
using Phantom.Training.Learning;

namespace Phantom.Training.Evaluation;

/// <summary>Stratified k-fold cross-validation of any learner that maps a training set to a probability predictor.</summary>
public static class CrossValidation
{
    /// <summary>
    /// For each fold, calls <paramref name="fit"/> on the other folds and scores the held-out fold with the returned
    /// predictor; returns one report per fold (folds from <see cref="StratifiedKFold"/> with <paramref name="seed"/>).
    /// </summary>
    public static IReadOnlyList<BinaryClassificationReport> Run(LabeledDataset data, int folds, long seed, Func<LabeledDataset, Func<Matrix, double[]>> fit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        var reports = new List<BinaryClassificationReport>(folds);
        foreach (var (train, test) in StratifiedKFold.Split(data.Labels, folds, seed))
        {
            var predict = fit(data.Subset(train));
            var testSet = data.Subset(test);
            reports.Add(BinaryClassificationReport.Compute(predict(testSet.Features), testSet.Labels));
        }

        return reports;
    }
}
