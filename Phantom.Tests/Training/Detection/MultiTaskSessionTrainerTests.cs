using Phantom.Training.Detection;
using Phantom.Training.Learning;
using Phantom.Training.Registry;
using Phantom.Training.Replay;
using Phantom.Tests.Training.Replay;

namespace Phantom.Tests.Training.Detection;

/// <summary>The multi-task network learns both heads from replayed sessions and stores itself as an artifact.</summary>
public sealed class MultiTaskSessionTrainerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-multitask-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Train_GeneratedTraffic_BothHeadsBeatChanceAndReportEveryEpoch()
    {
        var options = ReplayTestData.Options(("phantom.generator.seed", "12"));
        var path = ReplayTestData.WriteEvents(_dir.FullName, 60_000, options);
        var data = MultiTaskSessionTrainer.Sessions(new JsonLinesReplaySource(path), options);
        var epochs = new List<MultiTaskEpoch>();
        var training = new MultiTaskSessionOptions { Epochs = 6, EpochCompleted = epochs.Add };

        var result = MultiTaskSessionTrainer.Train(data, training);
        var manifest = MultiTaskSessionTrainer.WriteArtifact(result, training, Path.Combine(_dir.FullName, "mt"), path);

        Assert.True(result.AgentRocAuc > 0.9, $"agent ROC-AUC {result.AgentRocAuc:F4}");
        // Generated buying is a kernel coin flip (humans buy more often than agents), so the head can only rank by
        // who is buying: above chance, far from perfect. A perfect score would mean the label leaked into the inputs.
        Assert.InRange(result.PurchaseRocAuc, 0.52, 0.9);
        Assert.True(data.Count(s => s.Carted) > 1_000);
        Assert.All(data.Where(s => s.Carted), s => Assert.Equal(0, s.Features.Purchases));
        Assert.True(result.TestPurchases > 0);
        Assert.Equal(result.Training.History.Count, epochs.Count);
        Assert.DoesNotContain("purchases", PurchaseRows.InputFeatures);
        Assert.DoesNotContain("conversion_rate", PurchaseRows.InputFeatures);
        Assert.Equal(ModelKind.MultiTask, ModelManifest.Load(Path.Combine(_dir.FullName, "mt")).Kind);
        Assert.All(manifest.Files, f => Assert.True(File.Exists(Path.Combine(_dir.FullName, "mt", f))));
    }
}
