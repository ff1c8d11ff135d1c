using System.Text.Json;
using Phantom.Cluster;
using Phantom.Streams.Models;
using Phantom.Tests.Models;
using Phantom.Training.Registry;

namespace Phantom.Tests.Training.Registry;

/// <summary><c>phantom models</c> end to end, in process, against a temporary registry.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-models-cli-");

    private string Root => Path.Combine(_dir.FullName, "models");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task RegisterPromoteRollback_ThroughTheCli_MovesThePointer()
    {
        var first = TestArtifacts.Kernels(_dir.FullName, seed: 1);
        var second = TestArtifacts.Kernels(_dir.FullName, swapped: true, seed: 2);
        var json = Path.Combine(_dir.FullName, "list.json");

        Assert.Equal(0, await Run("models", "register", first, "--registry", Root));
        Assert.Equal(0, await Run("models", "register", second, "--registry", Root));
        var registry = new ModelRegistry(Root);
        var versions = registry.Versions("kernels-mle");
        Assert.Equal(0, await Run("models", "promote", $"kernels-mle@{versions[0].Hash[..10]}", "--registry", Root));
        Assert.Equal(0, await Run("models", "promote", $"kernels-mle@{versions[1].Hash[..10]}", "--registry", Root));
        Assert.Equal(0, await Run("models", "rollback", "kernels", "--registry", Root));
        Assert.Equal(0, await Run("models", "list", "--registry", Root, "--json", json));

        Assert.Equal(versions[0].Hash, registry.Promoted(ModelKind.Kernels).Current!.Hash);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var rows = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal("current", rows.Single(r => r.GetProperty("hash").GetString() == versions[0].Hash).GetProperty("promoted").GetString());
        Assert.Equal("kernels", rows[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Show_CorruptedArtifact_ReportsItAndPromoteFails()
    {
        Assert.Equal(0, await Run("models", "register", TestArtifacts.TreesDetector(_dir.FullName), "--registry", Root));
        var entry = new ModelRegistry(Root).Show("detector-gbt");
        File.AppendAllText(Path.Combine(entry.Directory, ArtifactFiles.DetectorTrees), "x");
        var json = Path.Combine(_dir.FullName, "show.json");

        Assert.Equal(0, await Run("models", "show", "detector-gbt", "--registry", Root, "--json", json));
        Assert.Equal(1, await Run("models", "promote", "detector-gbt", "--registry", Root));

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.StartsWith("CORRUPTED", document.RootElement.GetProperty("integrity").GetString());
    }

    [Fact]
    public async Task Explain_SurgePolicy_WritesRulesAndFidelity()
    {
        Assert.Equal(0, await Run("models", "register", TestArtifacts.SurgePolicy(_dir.FullName), "--registry", Root));
        var json = Path.Combine(_dir.FullName, "explain.json");

        Assert.Equal(0, await Run("models", "explain", "policy-surge", "--samples", "400", "--registry", Root, "--json", json));

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(1.0, document.RootElement.GetProperty("fidelity").GetDouble());
        Assert.Equal("always scale 0.9", document.RootElement.GetProperty("rules")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Explain_Detector_WritesTopFeatures()
    {
        Assert.Equal(0, await Run("models", "register", TestArtifacts.TreesDetector(_dir.FullName), "--registry", Root));
        var json = Path.Combine(_dir.FullName, "explain.json");

        Assert.Equal(0, await Run("models", "explain", "detector-gbt", "--top", "3", "--registry", Root, "--json", json));

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(3, document.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Promote_UnknownModel_ExitsWithFailure()
    {
        Assert.Equal(1, await Run("models", "promote", "nothing@abc", "--registry", Root));
        Assert.Equal(1, await Run("models", "rollback", "detector", "--registry", Root));
        Assert.Equal(1, await Run("models", "rollback", "gizmo", "--registry", Root));
    }

    private static Task<int> Run(params string[] args) => Program.BuildRootCommand().Parse(args).InvokeAsync();
}
