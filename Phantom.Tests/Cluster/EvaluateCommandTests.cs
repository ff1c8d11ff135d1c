using System.Text.Json;
using Phantom.Streams.Events;
using Phantom.Streams.Models;

namespace Phantom.Tests.Cluster;

/// <summary><c>phantom evaluate</c> at a small size: every part runs and the JSON carries its fields.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-evaluate-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Evaluate_SmallRun_WritesEveryPartToJson()
    {
        var json = Path.Combine(_dir.FullName, "evaluation.json");

        var kernels = Path.Combine(_dir.FullName, "site-kernels");

        var code = await CliTestSupport.RunAsync("evaluate", "--events-per-seed", "30000", "--train-seeds", "1", "--test-seeds", "2", "--folds", "3", "--kernels-out", kernels, "--json", json);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        var generated = root.GetProperty("generated_detection");
        Assert.Equal(0.3, generated.GetProperty("alpha").GetDouble());
        Assert.Equal([1L], generated.GetProperty("train_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([2L], generated.GetProperty("test_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(generated.GetProperty("gbt").GetProperty("roc_auc").GetDouble() >= 0.95);
        Assert.True(generated.GetProperty("test_sessions").GetInt32() > 1_000);
        foreach (var field in new[] { "pr_auc", "expected_calibration_error" })
        {
            Assert.True(generated.GetProperty("gbt").TryGetProperty(field, out _), $"gbt lacks {field}");
        }

        var tasks = root.GetProperty("web_bots").GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(["humans_and_moderate_bots", "humans_and_advanced_bots"], tasks.Select(t => t.GetProperty("task").GetString()));
        foreach (var task in tasks)
        {
            Assert.True(task.GetProperty("train_humans").GetInt32() > 0);
            Assert.True(task.GetProperty("pooled_gbt").GetProperty("count").GetInt32() > 50);
            Assert.True(task.TryGetProperty("pooled_behaviour_gbt", out _));

            // Kernels estimated on this site rank its bots above its humans; the storefront's reference kernels do not.
            var siteKernels = task.GetProperty("pooled_site_kernel_score");
            Assert.Equal(task.GetProperty("pooled_gbt").GetProperty("count").GetInt32(), siteKernels.GetProperty("count").GetInt32());
            Assert.True(siteKernels.GetProperty("roc_auc").GetDouble() > 0.6);
            Assert.True(task.GetProperty("pooled_kernel_score").GetProperty("roc_auc").GetDouble() < 0.5);
        }

        // --kernels-out: one loadable kernels artifact per task, for phantom benchmark --kernels.
        foreach (var task in tasks.Select(t => t.GetProperty("task").GetString()!))
        {
            var artifact = ModelArtifact.Open(Path.Combine(kernels, task));
            Assert.Equal(ModelKinds.Kernels, artifact.Kind);
            var set = KernelSet.Load(artifact, 1e-10);
            Assert.True(set.Human[EventName.PageView, EventName.HoverOverParagraph] > 0); // what the site's visitors do, not the storefront's reference
        }

        var shoppers = root.GetProperty("online_shoppers");
        Assert.Equal(3, shoppers.GetProperty("folds").GetInt32());
        Assert.True(shoppers.GetProperty("gbt_roc_auc_mean").GetDouble() >= 0.90);
        Assert.Empty(root.GetProperty("skipped").EnumerateObject());
    }

    [Fact]
    public async Task Evaluate_TestSeedAlsoTrains_FailsAsBadConfiguration()
    {
        var code = await CliTestSupport.RunAsync("evaluate", "--train-seeds", "1,2", "--test-seeds", "2", "--skip", "web-bots", "shoppers");

        Assert.Equal(2, code);
    }

    [Theory]
    [InlineData("--skip", "everything")]
    [InlineData("--train-seeds", "one")]
    [InlineData("--alpha", "1")]
    public void Parse_BadValue_ErrorNamesIt(string flag, string value)
    {
        var errors = CliTestSupport.ParseErrors("evaluate", flag, value);

        Assert.Contains(flag == "--skip" ? value : flag, errors, StringComparison.Ordinal);
    }
}
