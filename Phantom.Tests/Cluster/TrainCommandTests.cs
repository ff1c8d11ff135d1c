using System.Text.Json;
using Phantom.Tests.Training.Replay;
using Phantom.Training.Detection;
using Phantom.Training.Registry;

namespace Phantom.Tests.Cluster;

/// <summary><c>phantom train kernels|detector|multitask</c>: each writes its artifact and model.json.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-train-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task TrainKernels_Events_WritesKernelsAndManifest()
    {
        var events = ReplayTestData.WriteEvents(_dir.FullName, 20_000, ReplayTestData.Options());
        var output = Path.Combine(_dir.FullName, "kernels");

        var code = await CliTestSupport.RunAsync("train", "kernels", "--input", events, "--out", output, "--skip-hovers");

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(output, KernelTrainer.FileName)));
        var manifest = ModelManifest.Load(output);
        Assert.Equal(ModelKind.Kernels, manifest.Kind);
        Assert.True(manifest.Metrics["agent_sessions"] > 0);
    }

    [Fact]
    public async Task TrainDetector_FromReplayedDataset_WritesLogisticArtifactAndJson()
    {
        var events = ReplayTestData.WriteEvents(_dir.FullName, 30_000, ReplayTestData.Options());
        var dataset = Path.Combine(_dir.FullName, "dataset.csv");
        Assert.Equal(0, await CliTestSupport.RunAsync("replay", "--input", events, "--out", dataset));
        var output = Path.Combine(_dir.FullName, "detector");
        var json = Path.Combine(_dir.FullName, "detector.json");

        var code = await CliTestSupport.RunAsync("train", "detector", "--input", dataset, "--algo", "logistic", "--out", output, "--json", json);

        Assert.Equal(0, code);
        var manifest = ModelManifest.Load(output);
        Assert.Equal("logistic", manifest.Algorithm);
        Assert.True(manifest.Metrics["roc_auc"] > 0.9, $"ROC-AUC {manifest.Metrics["roc_auc"]}");
        Assert.True(File.Exists(Path.Combine(output, LogisticClassifier.FileName)));
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(10, document.RootElement.GetProperty("calibration").GetArrayLength());
    }

    [Fact]
    public async Task TrainMultiTask_Events_WritesNetworkAndManifest()
    {
        var events = ReplayTestData.WriteEvents(_dir.FullName, 20_000, ReplayTestData.Options());
        var output = Path.Combine(_dir.FullName, "multitask");

        var code = await CliTestSupport.RunAsync("train", "multitask", "--input", events, "--epochs", "2", "--out", output);

        Assert.Equal(0, code);
        var manifest = ModelManifest.Load(output);
        Assert.Equal(ModelKind.MultiTask, manifest.Kind);
        Assert.All(manifest.Files, f => Assert.True(File.Exists(Path.Combine(output, f))));
        Assert.Contains("purchase_roc_auc", manifest.Metrics.Keys);
    }

    [Theory]
    [InlineData("--algo", "forest")]
    [InlineData("--depth", "0")]
    [InlineData("--learning-rate", "2")]
    [InlineData("--test-fraction", "1")]
    public void ParseDetector_BadValue_ErrorNamesTheFlag(string flag, string value)
    {
        var errors = CliTestSupport.ParseErrors("train", "detector", "--input", typeof(TrainCommandTests).Assembly.Location, "--out", "x", flag, value);

        Assert.Contains(flag == "--algo" ? value : flag, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildRootCommand_Train_HasEveryTrainerAndTakesMore()
    {
        var train = Phantom.Cluster.Program.BuildRootCommand().Subcommands.Single(c => c.Name == "train");
        var extended = Phantom.Cluster.Cli.TrainCommand.Create(new System.CommandLine.Command("policy"));

        Assert.Superset(new HashSet<string> { "kernels", "detector", "multitask" }, train.Subcommands.Select(c => c.Name).ToHashSet());
        Assert.Equal(["kernels", "detector", "multitask", "policy"], extended.Subcommands.Select(c => c.Name));
    }
}
