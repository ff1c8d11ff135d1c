using System.Text.Json;
using Phantom.Streams.Agents;
using Phantom.Streams.Events;
using Phantom.Training.Detection;
using Phantom.Training.Registry;
using Phantom.Training.Replay;
using Phantom.Tests.Training.Replay;

namespace Phantom.Tests.Training.Detection;

/// <summary>Kernel MLE: exact on known counts, and converging to the generator's kernels on generated traffic.</summary>
public sealed class KernelEstimatorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-kernels-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Add_KnownTrajectories_KernelIsTheCountRatios()
    {
        var estimator = new KernelEstimator();
        EventName[] start = [EventName.SessionStart];
        estimator.Add(GroundTruth.Human, [.. start, EventName.PageView, EventName.ViewItemPage, EventName.SessionEnd], 2);
        estimator.Add(GroundTruth.Human, [.. start, EventName.PageView, EventName.Search, EventName.SessionEnd], 2);
        estimator.Add(GroundTruth.Human, [.. start, EventName.PageView, EventName.ViewItemPage, EventName.PageView, EventName.SessionEnd], 3);
        estimator.Add(GroundTruth.Human, [.. start, EventName.Search, EventName.SessionEnd], 1); // one event: ignored
        estimator.Add(GroundTruth.Unknown, [.. start, EventName.Search, EventName.Search, EventName.SessionEnd], 2); // unlabelled: ignored
        estimator.Add(GroundTruth.Agent, [.. start, EventName.Search, EventName.Search, EventName.SessionEnd], 2);

        var human = estimator.Human();
        var agent = estimator.Agent();

        Assert.Equal(3, estimator.HumanSessions);
        Assert.Equal(1, estimator.AgentSessions);
        Assert.Equal(2, estimator.IgnoredSessions);
        Assert.Equal(1.0, human[EventName.SessionStart, EventName.PageView]);
        Assert.Equal(0.5, human[EventName.PageView, EventName.ViewItemPage]);
        Assert.Equal(0.25, human[EventName.PageView, EventName.Search]);
        Assert.Equal(0.25, human[EventName.PageView, EventName.SessionEnd]);
        Assert.Equal(0.5, human[EventName.ViewItemPage, EventName.PageView]);
        Assert.Equal(1.0, human[EventName.Search, EventName.SessionEnd]);
        Assert.Equal(1.0, human[EventName.CheckoutStart, EventName.SessionEnd]); // never visited: to session_end
        Assert.Equal(0.5, agent[EventName.Search, EventName.Search]);
        Assert.Equal(3 + 3 + 4, estimator.HumanCounts.ToArray().Sum());
    }

    [Fact]
    public void Add_SkippedStates_AreLeftOutOfTheTransitions()
    {
        var estimator = new KernelEstimator(KernelEstimator.HoverStates);
        estimator.Add(GroundTruth.Agent,
            [EventName.SessionStart, EventName.ViewItemPage, EventName.HoverOverLink, EventName.HoverOverTitle, EventName.AddItemToCart, EventName.SessionEnd], 4);

        Assert.Equal(1.0, estimator.Agent()[EventName.ViewItemPage, EventName.AddItemToCart]);
        Assert.Equal(3, estimator.AgentCounts.ToArray().Sum());
    }

    [Fact]
    public void Train_GeneratedTraffic_ApproachesTheGeneratorsKernels()
    {
        // Long enough a cap that hardly any session is cut short (a cut adds a session_end the kernel did not draw).
        var options = ReplayTestData.Options(("phantom.generator.seed", "3"), ("phantom.generator.max-events-per-session", "1000"));
        var path = ReplayTestData.WriteEvents(_dir.FullName, 300_000, options);

        var result = KernelTrainer.Train(new JsonLinesReplaySource(path), options, skipHovers: true);

        var visits = 0;
        foreach (var (trained, reference) in new[] { (result.Human, options.Agent.HumanKernel()), (result.Agent, options.Agent.AgentKernel()) })
        {
            foreach (var from in new[] { EventName.SessionStart, EventName.PageView, EventName.ViewItemPage, EventName.LearnMoreAboutItem, EventName.AddItemToCart })
            {
                for (var to = 0; to < EventNames.StateCount; to++)
                {
                    // A session that ends right after session_start has one event and is ignored by the MLE rule, so
                    // the start row is the generator's conditioned on not ending at once. The rest is
                    // sampling error (thousands of visits per row: well under 0.03).
                    var expected = from != EventName.SessionStart ? reference[from, (EventName)to]
                        : to == (int)EventName.SessionEnd ? 0
                        : reference[from, (EventName)to] / (1 - reference[from, EventName.SessionEnd]);
                    Assert.True(Math.Abs(trained[from, (EventName)to] - expected) < 0.03,
                        $"{trained.Name} {from.ToWire()} -> {((EventName)to).ToWire()}: {trained[from, (EventName)to]:F4} vs {expected:F4}");
                    visits++;
                }
            }
        }

        Assert.Equal(2 * 5 * EventNames.StateCount, visits);
        Assert.True(result.HumanSessions > 10_000 && result.AgentSessions > 5_000);
    }

    [Fact]
    public void WriteArtifact_KernelsJson_LoadsBackAsTheSameKernels()
    {
        var options = ReplayTestData.Options(("phantom.generator.seed", "4"));
        var path = ReplayTestData.WriteEvents(_dir.FullName, 20_000, options);
        var result = KernelTrainer.Train(new JsonLinesReplaySource(path), options);
        var artifact = Path.Combine(_dir.FullName, "kernels");

        var manifest = KernelTrainer.WriteArtifact(result, artifact, path, 4);

        var rows = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, double>>>>(
            File.ReadAllText(Path.Combine(artifact, KernelTrainer.FileName)))!;
        var loaded = TransitionKernel.FromRows("human", rows["human"], options.Agent.Epsilon);
        for (var s = 0; s < EventNames.StateCount; s++)
        {
            Assert.Equal(result.Human.Row((EventName)s).ToArray(), loaded.Row((EventName)s).ToArray());
        }

        var reread = ModelManifest.Load(artifact);
        Assert.Equal(ModelKind.Kernels, reread.Kind);
        Assert.Equal([KernelTrainer.FileName], reread.Files);
        Assert.Equal(manifest.Metrics["agent_sessions"], reread.Metrics["agent_sessions"]);
    }
}
