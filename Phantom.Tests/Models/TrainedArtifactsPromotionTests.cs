using Phantom.Streams.Configuration;
using Phantom.Streams.Models;
using Phantom.Streams.Sessions;
using Phantom.Training.Detection;
using Phantom.Training.Registry;
using Phantom.Training.Replay;

namespace Phantom.Tests.Models;

/// <summary>
/// What the trainers write is what the registry stores and a running pipeline loads: train kernels and a detector on
/// generated traffic, register, promote, reload.
/// </summary>
public sealed class TrainedArtifactsPromotionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-trained-artifacts-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(DetectorAlgorithm.Gbt)]
    [InlineData(DetectorAlgorithm.Logistic)]
    public void TrainedKernelsAndDetector_Promoted_AreServedAfterReload(DetectorAlgorithm algorithm)
    {
        var options = new PhantomOptions { Models = { Directory = Path.Combine(_dir.FullName, "registry"), WatchInterval = TimeSpan.Zero } };
        var source = new GeneratorReplaySource(options, events: 40_000);

        var kernelsDir = Path.Combine(_dir.FullName, "kernels");
        KernelTrainer.WriteArtifact(KernelTrainer.Train(source, options), kernelsDir, source.Name, seed: 7);
        var dataset = new SessionDataset();
        new SessionReplayer(options).Run(source, dataset.Add);
        var detector = DetectorTrainer.Train(dataset.ToLabeled(), new DetectorOptions { Algorithm = algorithm, Seed = 7 });
        var detectorDir = Path.Combine(_dir.FullName, "detector");
        DetectorTrainer.WriteArtifact(detector, detectorDir, source.Name, seed: 7);

        var registry = new ModelRegistry(options.Models.Directory);
        var kernels = registry.Register(kernelsDir);
        var trained = registry.Register(detectorDir);
        registry.Promote(kernels.Reference);
        registry.Promote(trained.Reference);
        using var serving = new ModelServing(options, new SessionTableDirectory(1));
        var result = serving.Reload();

        Assert.NotEqual(ModelReloadOutcome.Refused, result.Outcome);
        Assert.Equal(kernels.Reference, serving.Served.Kernels?.Reference);
        Assert.Equal(trained.Reference, serving.Served.Detector?.Reference);
        Assert.IsNotType<Phantom.Streams.Agents.LiveDetector>(serving.Current.Detector);
    }
}
