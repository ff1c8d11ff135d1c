using Phantom.Streams.Models;
using Phantom.Streams.Sessions;
using Phantom.Training.Linear;
using Phantom.Training.Trees;

namespace Phantom.Tests.Models;

public sealed class DetectorLoaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-detector-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Load_TreesArtifact_ScoresSessionsAsTheTrainedModel()
    {
        var directory = TestArtifacts.TreesDetector(_dir.FullName, seed: 2);
        var trained = GradientBoostedTrees.Load(Path.Combine(directory, ArtifactFiles.DetectorTrees));
        var features = new SessionFeatures { AvgTimeBetweenEvents = 0.5, IsAutomation = 1, HoverIntensity = 0.01, TotalInteractions = 12 };

        var scorer = DetectorLoader.Load(ModelArtifact.Open(directory));

        Assert.IsType<TreeEnsembleScorer>(scorer);
        Assert.Equal(trained.PredictProbability(features.ToArray().Select(v => (float)v).ToArray()), scorer.Score(in features));
    }

    [Fact]
    public void Load_LogisticArtifactOverASchemaSubset_UsesOnlyThoseFeatures()
    {
        var directory = TestArtifacts.LogisticDetector(_dir.FullName, "detector-lr", -1.0, [2.0, -0.5], ["is_automation", "hover_intensity"]);
        var features = new SessionFeatures { IsAutomation = 1, HoverIntensity = 0.4, TotalInteractions = 99 };
        var reference = LogisticRegression.FromCoefficients(-1.0, [2.0, -0.5]);

        var scorer = DetectorLoader.Load(ModelArtifact.Open(directory));

        Assert.IsType<LogisticScorer>(scorer);
        Assert.Equal(reference.PredictProbability([1f, 0.4f]), scorer.Score(in features));
    }

    [Fact]
    public void Load_SchemaLengthDiffersFromModel_IsRefused()
    {
        var directory = TestArtifacts.LogisticDetector(_dir.FullName, "detector-lr", 0, [1.0, 1.0], ["is_automation"]);

        var error = Assert.Throws<ModelLoadException>(() => DetectorLoader.Load(ModelArtifact.Open(directory)));

        Assert.Contains("coefficients", error.Message);
    }

    [Fact]
    public void Load_UnknownFeatureInSchema_IsRefusedNamingIt()
    {
        var directory = TestArtifacts.LogisticDetector(_dir.FullName, "detector-lr", 0, [1.0], ["mouse_wiggle"]);

        var error = Assert.Throws<ModelLoadException>(() => DetectorLoader.Load(ModelArtifact.Open(directory)));

        Assert.Contains("mouse_wiggle", error.Message);
    }

    [Fact]
    public void Load_ScoreNotAProbabilityOnAProbe_IsRefused()
    {
        // +inf + −inf on the agent-like probe: NaN, which must never reach a price.
        var directory = TestArtifacts.LogisticDetector(_dir.FullName, "detector-nan", 0, [1e308, -1e308], ["max_price_seen", "price_range"]);

        var error = Assert.Throws<ModelLoadException>(() => DetectorLoader.Load(ModelArtifact.Open(directory)));

        Assert.Contains("probe", error.Message);
    }

    [Fact]
    public void Load_NoModelFile_IsRefused()
    {
        var directory = TestArtifacts.LogisticDetector(_dir.FullName, "detector-lr", 0, [1.0], ["is_automation"]);
        TestArtifacts.Manifest("detector-lr", Phantom.Training.Registry.ModelKind.Detector, "logistic", [], ["is_automation"], 1).Save(directory);

        var error = Assert.Throws<ModelLoadException>(() => DetectorLoader.Load(ModelArtifact.Open(directory)));

        Assert.Contains("exactly one", error.Message);
    }
}
