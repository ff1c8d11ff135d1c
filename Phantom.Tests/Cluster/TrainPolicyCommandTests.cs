using System.CommandLine;
using Phantom.Cluster.Cli;
using Phantom.Tests.Models;
using Phantom.Training.Policies;
using Phantom.Training.Registry;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Cluster;

public sealed class TrainPolicyCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "phantom-train-policy-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private int Invoke(string algo, string directory, params string[] extra) => Invoke(algo, directory, new StringWriter(), extra);

    private int Invoke(string algo, string directory, StringWriter error, params string[] extra)
    {
        var root = new RootCommand { TrainPolicyCommand.Create() };
        string[] args =
        [
            "policy", "--algo", algo, "--timesteps", "800", "--seed", "7", "--alpha", "0.3", "--eval-episodes", "2",
            "--n-products", "3", "--sessions", "20", "--max-steps", "20", "--out", directory, .. extra,
        ];
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
    }

    private static SimulatorOptions Options() => new() { ProductCount = 3, Sessions = 20, MaxSteps = 20, Alpha = 0.3 };

    [Fact]
    public void Create_IsThePolicySubcommand()
    {
        Assert.Equal("policy", TrainPolicyCommand.Create().Name);
    }

    [Fact]
    public void Invoke_Ppo_WritesLoadableArtifactWithManifest()
    {
        var directory = Path.Combine(_root, "ppo");
        Assert.Equal(0, Invoke("ppo", directory, "--robust"));

        var manifest = ModelManifest.Load(directory);
        Assert.Equal(ModelKind.Policy, manifest.Kind);
        Assert.Equal("ppo", manifest.Algorithm);
        Assert.Equal(7, manifest.Seed);
        Assert.Equal([TrainPolicyCommand.PpoFile], manifest.Files);
        Assert.Equal(SimulatorObservation.Size(3), manifest.FeatureSchema.Count);
        Assert.Equal("demand_0", manifest.FeatureSchema[0]);
        Assert.Equal("robust_radius", manifest.FeatureSchema[^1]);
        Assert.Contains("robust mode", manifest.TrainingData);
        Assert.True(manifest.Metrics.ContainsKey("mean_revenue"));
        Assert.True(manifest.Metrics.ContainsKey("static_mean_reward"));
        Assert.False(string.IsNullOrWhiteSpace(manifest.Card));

        var agent = new PpoAgent(Options());
        agent.Load(Path.Combine(directory, TrainPolicyCommand.PpoFile));
        var environment = new MarketSimulator(Options());
        Assert.InRange(agent.Act(environment.Reset(1)), 0, environment.ActionCount - 1);
    }

    [Fact]
    public void Invoke_QTable_WritesLoadableTable()
    {
        var directory = Path.Combine(_root, "q");
        Assert.Equal(0, Invoke("qtable", directory));
        var manifest = ModelManifest.Load(directory);
        Assert.Equal("qtable", manifest.Algorithm);
        Assert.Contains("baseline mode", manifest.TrainingData);
        Assert.Contains("kernels=reference", manifest.TrainingData);

        var policy = new QTablePolicy(Options());
        policy.Load(Path.Combine(directory, TrainPolicyCommand.QTableFile));
        var nonZero = Enumerable.Range(0, policy.StateCount).Any(s => Enumerable.Range(0, 9).Any(a => policy.Value(s, a) != 0));
        Assert.True(nonZero);
    }

    [Fact]
    public void Invoke_UnknownAlgorithm_ExitsWithBadConfiguration()
    {
        var error = new StringWriter();
        Assert.Equal(2, Invoke("dqn", Path.Combine(_root, "x"), error));
        Assert.Contains("--algo", error.ToString());
    }

    [Fact]
    public void Invoke_Kernels_TrainsOnThemAndSaysSoInTheManifest()
    {
        var kernels = TestArtifacts.Kernels(_root, "swapped", swapped: true);
        var directory = Path.Combine(_root, "q-kernels");

        Assert.Equal(0, Invoke("qtable", directory, "--kernels", kernels));

        Assert.Contains($"kernels={kernels}", ModelManifest.Load(directory).TrainingData);
    }
}
