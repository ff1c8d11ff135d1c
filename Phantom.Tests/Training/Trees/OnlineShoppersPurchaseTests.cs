using Phantom.Training.Data;
using Phantom.Training.Evaluation;
using Phantom.Training.Linear;
using Phantom.Training.Trees;

namespace Phantom.Tests.Training.Trees;

/// <summary>Real data: UCI online-shoppers purchase prediction, 5-fold stratified cross-validation.</summary>
public class OnlineShoppersPurchaseTests
{
    [Fact]
    public void GradientBoosting_FiveFoldCv_MeanRocAucAtLeast090()
    {
        var data = OnlineShoppersDataset.Load();
        var reports = CrossValidation.Run(data, 5, seed: 42, train =>
        {
            var model = GradientBoostingTrainer.Fit(train.Features, train.Labels, PurchaseOptions);
            return x => model.PredictProbabilities(x);
        });

        Assert.Equal(5, reports.Count);
        Assert.Equal(data.Count, reports.Sum(r => r.Count));
        var aucs = reports.Select(r => r.RocAuc).ToList();
        Assert.True(aucs.Average() >= 0.90, $"fold AUCs {string.Join(", ", aucs.Select(a => a.ToString("F4")))}");
        // Boosted log-loss is well calibrated on this data; a broken probability map would show here.
        Assert.All(reports, r => Assert.True(r.Calibration.ExpectedCalibrationError < 0.05, $"ECE {r.Calibration.ExpectedCalibrationError}"));
    }

    [Fact]
    public void LogisticRegression_FiveFoldCv_BeatsChanceClearly()
    {
        var data = OnlineShoppersDataset.Load();
        var aucs = new List<double>();
        foreach (var (train, test) in StratifiedKFold.Split(data.Labels, 5, seed: 42))
        {
            var trainSet = data.Subset(train);
            var testSet = data.Subset(test);
            var model = LogisticRegression.Fit(trainSet.Features, trainSet.Labels, new LogisticRegressionOptions { L2Regularization = 1.0 });
            aucs.Add(ClassificationMetrics.RocAuc(model.PredictProbabilities(testSet.Features), testSet.Labels));
        }

        Assert.True(aucs.Average() >= 0.85, $"fold AUCs {string.Join(", ", aucs.Select(a => a.ToString("F4")))}");
    }

    internal static GradientBoostingOptions PurchaseOptions { get; } = new()
    {
        Rounds = 200,
        MaxDepth = 4,
        LearningRate = 0.05,
        MinSamplesLeaf = 20,
        L2Regularization = 1.0,
        RowSubsample = 0.8,
        Seed = 7,
    };
}
