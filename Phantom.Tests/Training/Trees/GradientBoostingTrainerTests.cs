using Phantom.Streams.Randomness;
using Phantom.Training.Evaluation;
using Phantom.Training.Learning;
using Phantom.Training.Trees;

namespace Phantom.Tests.Training.Trees;

public class GradientBoostingTrainerTests
{
    [Fact]
    public void Fit_Checkerboard_HeldOutAucAbove095()
    {
        var (trainX, trainY) = Checkerboard(20_000, seed: 1);
        var (testX, testY) = Checkerboard(5_000, seed: 2);
        var model = GradientBoostingTrainer.Fit(trainX, trainY, new GradientBoostingOptions { Rounds = 150, MaxDepth = 6, LearningRate = 0.2, Seed = 3 });
        var auc = ClassificationMetrics.RocAuc(model.PredictProbabilities(testX), testY);
        Assert.True(auc > 0.95, $"AUC {auc}");

        // Only the two board coordinates carry signal; the noise feature should earn little of the gain.
        var importance = model.NormalizedGainImportance();
        Assert.True(importance[0] + importance[1] > 0.9, string.Join(", ", importance));
    }

    [Fact]
    public void Fit_SameSeed_IdenticalPredictionsWhateverTheThreadCount()
    {
        var (x, y) = Checkerboard(3_000, seed: 5);
        var options = new GradientBoostingOptions { Rounds = 20, MaxDepth = 4, RowSubsample = 0.7, Seed = 11 };
        var a = GradientBoostingTrainer.Fit(x, y, options).PredictProbabilities(x);
        var b = GradientBoostingTrainer.Fit(x, y, options with { MaxDegreeOfParallelism = 1 }).PredictProbabilities(x);
        Assert.Equal(a, b);
        var c = GradientBoostingTrainer.Fit(x, y, options with { Seed = 12 }).PredictProbabilities(x);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Fit_LargeNodes_ParallelHistogramsMatchSerial()
    {
        // 150k rows forces chunked histograms at the root; the result must equal a single-threaded fit bit for bit.
        var (x, y) = Checkerboard(150_000, seed: 6);
        var options = new GradientBoostingOptions { Rounds = 3, MaxDepth = 3, Seed = 2 };
        Assert.Equal(
            GradientBoostingTrainer.Fit(x, y, options with { MaxDegreeOfParallelism = 1 }).PredictProbabilities(x),
            GradientBoostingTrainer.Fit(x, y, options).PredictProbabilities(x));
    }

    [Fact]
    public void SaveLoad_RoundTrip_SamePredictions()
    {
        var (x, y) = Checkerboard(2_000, seed: 7);
        var model = GradientBoostingTrainer.Fit(x, y, new GradientBoostingOptions { Rounds = 10, MaxDepth = 3 });
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = GradientBoostedTrees.Load(stream);
        Assert.Equal(model.PredictProbabilities(x), loaded.PredictProbabilities(x));
        Assert.Equal(model.GainImportance, loaded.GainImportance);
    }

    [Fact]
    public void Predict_RawValues_SameLeafAsBinnedTrainingRoute()
    {
        // Trees are grown on bins but predict on raw values; both routes must reach the same leaf for every row.
        var (x, y) = Checkerboard(1_000, seed: 8);
        var options = new GradientBoostingOptions { Rounds = 3, MaxDepth = 5, MinSamplesLeaf = 5 };
        var model = GradientBoostingTrainer.Fit(x, y, options);
        // With fewer rows than the binning sample, every row is used, so this rebuilds the trainer's exact binning.
        var binning = FeatureBinning.Fit(x, options.MaxBins, options.BinningSampleSize, seed: 0);
        var bins = binning.Transform(x);
        foreach (var tree in model.Trees)
        {
            Assert.True(tree.NodeCount > 7);
            for (var r = 0; r < x.Rows; r++)
            {
                Assert.Equal(tree.PredictBinned(bins.AsSpan(r * 3, 3)), tree.Predict(x.Row(r)));
            }
        }
    }

    [Fact]
    public void Fit_MissingValues_RoutedWithTheSmallestValues()
    {
        var random = new SeededRandom(4);
        var x = new Matrix(2_000, 1);
        var y = new float[2_000];
        var min = float.MaxValue;
        for (var r = 0; r < 2_000; r++)
        {
            var missing = random.NextBool(0.3);
            x[r, 0] = missing ? float.NaN : (float)random.NextDouble();
            y[r] = !missing && x[r, 0] > 0.5f ? 1 : 0;
            min = missing ? min : Math.Min(min, x[r, 0]);
        }

        var model = GradientBoostingTrainer.Fit(x, y, new GradientBoostingOptions { Rounds = 30, MaxDepth = 3 });
        Assert.Equal(model.PredictProbability([min]), model.PredictProbability([float.NaN]));
        Assert.True(model.PredictProbability([float.NaN]) < 0.1);
        Assert.True(model.PredictProbability([0.9f]) > 0.9);
    }

    /// <summary>4x4 checkerboard on [0,1)² with 3% label noise plus one pure-noise feature.</summary>
    internal static (Matrix X, float[] Y) Checkerboard(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var x = new Matrix(n, 3);
        var y = new float[n];
        for (var r = 0; r < n; r++)
        {
            var a = random.NextDouble();
            var b = random.NextDouble();
            x[r, 0] = (float)a;
            x[r, 1] = (float)b;
            x[r, 2] = (float)random.NextDouble();
            var label = ((int)(a * 4) + (int)(b * 4)) % 2;
            y[r] = random.NextBool(0.03) ? 1 - label : label;
        }

        return (x, y);
    }
}
