using Phantom.Tests.Models;
using Phantom.Training.Explain;
using Phantom.Training.Registry;

namespace Phantom.Tests.Training.Explain;

public sealed class DetectorExplainerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-explain-");

    public DetectorExplainerTests() => Registry = new ModelRegistry(Path.Combine(_dir.FullName, "models"));

    private ModelRegistry Registry { get; }

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Explain_TreesDetector_RanksTheInformativeFeaturesFirst()
    {
        // The synthetic agents differ from humans only in gap length, automation and hover intensity.
        var entry = Registry.Register(TestArtifacts.TreesDetector(_dir.FullName));

        var explanation = DetectorExplainer.Explain(entry);

        var top = explanation.Features.Take(2).Select(f => f.Feature).ToArray();
        Assert.Contains("avg_time_between_events", top);
        Assert.Equal(1.0, explanation.Features.Sum(f => f.Value), 9);
        Assert.Contains("gain", explanation.Method);
        Assert.Equal(30, explanation.Features.Count);
    }

    [Fact]
    public void Explain_LogisticDetector_RanksByAbsoluteCoefficient()
    {
        var entry = Registry.Register(TestArtifacts.LogisticDetector(_dir.FullName, "detector-lr", 0, [0.5, -3.0, 1.0], ["is_headless", "hover_intensity", "is_automation"]));

        var explanation = DetectorExplainer.Explain(entry);

        Assert.Equal(["hover_intensity", "is_automation", "is_headless"], explanation.Features.Select(f => f.Feature));
        Assert.Equal(3.0, explanation.Features[0].Value);
    }

    [Fact]
    public void Explain_NotADetector_SaysSo()
    {
        var entry = Registry.Register(TestArtifacts.Kernels(_dir.FullName));

        var error = Assert.Throws<ModelRegistryException>(() => DetectorExplainer.Explain(entry));

        Assert.Contains("not a detector", error.Message);
    }

    [Fact]
    public void PolicyLoaders_SurgeArtifact_UsesItsThresholds()
    {
        var entry = Registry.Register(TestArtifacts.SurgePolicy(_dir.FullName, high: 12, low: 8));
        var options = new Phantom.Training.Simulation.SimulatorOptions();
        var scales = options.ActionScales();
        double[] Observation(double q) => [.. Enumerable.Repeat(q, 10), .. Enumerable.Repeat(50.0, 10), 0.5, 0.3, 0.3, 0.15];

        var policy = PolicyLoaders.CreateDefault().Load(entry, options);

        Assert.Equal(1.1, scales[policy.Act(Observation(12))], 9);
        Assert.Equal(1.0, scales[policy.Act(Observation(10))], 9);
        Assert.Equal(0.9, scales[policy.Act(Observation(8))], 9);
    }

    [Fact]
    public void PolicyLoaders_UnknownAlgorithm_ListsTheKnownOnes()
    {
        var source = TestArtifacts.SurgePolicy(_dir.FullName, name: "policy-dqn");
        TestArtifacts.Manifest("policy-dqn", ModelKind.Policy, "dqn", ["policy.json"], [], 1).Save(source);
        var entry = Registry.Register(source);

        var error = Assert.Throws<ModelRegistryException>(() => PolicyLoaders.CreateDefault().Load(entry, new Phantom.Training.Simulation.SimulatorOptions()));

        Assert.Contains("'dqn'", error.Message);
        Assert.Contains("surge", error.Message);
        Assert.Contains("ppo", error.Message);
    }
}
