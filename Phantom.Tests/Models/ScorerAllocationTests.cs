using Phantom.Streams.Models;
using Phantom.Streams.Sessions;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Models;

/// <summary>Promoted detectors score on every priced event: they must not allocate.</summary>
public sealed class ScorerAllocationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-alloc-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Score_TreesAndLogistic_AllocateNothingInSteadyState()
    {
        var trees = DetectorLoader.Load(ModelArtifact.Open(TestArtifacts.TreesDetector(_dir.FullName)));
        var logistic = DetectorLoader.Load(ModelArtifact.Open(TestArtifacts.LogisticDetector(_dir.FullName, "detector-lr", 0.1, [1.0, -2.0], ["is_automation", "hover_intensity"])));
        var features = new SessionFeatures { AvgTimeBetweenEvents = 0.8, IsAutomation = 1, HoverIntensity = 0.05, TotalInteractions = 9 };
        var sum = trees.Score(in features) + logistic.Score(in features);

        var allocated = SteadyStateAllocations.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                sum += trees.Score(in features) + logistic.Score(in features);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sum));
    }
}
