using Phantom.Streams.Sessions;
using Phantom.Training.Detection;
using Phantom.Training.Registry;
using Phantom.Training.Replay;
using Phantom.Training.Trees;
using Phantom.Tests.Training.Replay;

namespace Phantom.Tests.Training.Detection;

/// <summary>The detector learns generated traffic well above chance and stores itself as an artifact.</summary>
public sealed class DetectorTrainerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-detector-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(DetectorAlgorithm.Gbt, 0.95)]
    [InlineData(DetectorAlgorithm.Logistic, 0.90)]
    public void Train_GeneratedTraffic_HeldOutAucAboveTheBar(DetectorAlgorithm algorithm, double bar)
    {
        var data = Replay(seed: 8, events: 60_000).ToLabeled();

        var result = DetectorTrainer.Train(data, new DetectorOptions { Algorithm = algorithm, Trees = new GradientBoostingOptions { Rounds = 40 } });

        Assert.True(result.Test.RocAuc >= bar, $"{algorithm} ROC-AUC {result.Test.RocAuc:F4} < {bar}");
        Assert.True(result.Test.AveragePrecision > 0.8);
        Assert.InRange(result.Test.Calibration.ExpectedCalibrationError, 0, 0.1);
        Assert.Equal(data.Count, result.TrainSessions + result.TestSessions);
    }

    [Fact]
    public void WriteArtifact_Gbt_ManifestAndWeightsReproduceThePredictions()
    {
        var data = Replay(seed: 9, events: 20_000).ToLabeled();
        var result = DetectorTrainer.Train(data, new DetectorOptions { Trees = new GradientBoostingOptions { Rounds = 10 } });
        var directory = Path.Combine(_dir.FullName, "detector");

        DetectorTrainer.WriteArtifact(result, directory, "test data", 1);

        var manifest = ModelManifest.Load(directory);
        Assert.Equal(ModelKind.Detector, manifest.Kind);
        Assert.Equal("gbt", manifest.Algorithm);
        Assert.Equal(SessionFeatures.FeatureNames, manifest.FeatureSchema);
        Assert.Equal(result.Test.RocAuc, manifest.Metrics["roc_auc"]);
        Assert.Contains("pr_auc", manifest.Metrics.Keys);
        Assert.Contains("expected_calibration_error", manifest.Metrics.Keys);
        var loaded = GradientBoostedTrees.Load(Path.Combine(directory, Assert.Single(manifest.Files)));
        Assert.Equal(result.Classifier.PredictProbabilities(data.Features), loaded.PredictProbabilities(data.Features));
    }

    [Fact]
    public void Train_OneClassOnly_FailsNamingTheProblem()
    {
        var data = Replay(seed: 10, events: 5_000, alpha: "0").ToLabeled();

        var error = Assert.Throws<InvalidDataException>(() => DetectorTrainer.Train(data, new DetectorOptions()));

        Assert.Contains("both humans and agents", error.Message, StringComparison.Ordinal);
    }

    private SessionDataset Replay(int seed, long events, string alpha = "0.3")
    {
        var options = ReplayTestData.Options(("phantom.generator.seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("phantom.generator.alpha", alpha));
        var path = ReplayTestData.WriteEvents(_dir.FullName, events, options, $"events-{seed}.jsonl");
        var dataset = new SessionDataset();
        new SessionReplayer(options).Run(new JsonLinesReplaySource(path), dataset.Add);
        return dataset;
    }
}
