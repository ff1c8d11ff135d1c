using System.Text.Json;
using Phantom.Streams.Agents;
using Phantom.Streams.Models;
using Phantom.Streams.Randomness;
using Phantom.Streams.Sessions;
using Phantom.Training.Learning;
using Phantom.Training.Linear;
using Phantom.Training.Registry;
using Phantom.Training.Trees;

namespace Phantom.Tests.Models;

/// <summary>
/// Writes small artifact directories the way trainers will (model.json via <see cref="ModelManifest"/> plus the files
/// of the <see cref="ArtifactFiles"/> contract), built with the real learners on synthetic data.
/// </summary>
internal static class TestArtifacts
{
    /// <summary>A kernels artifact; <paramref name="swapped"/> exchanges the reference human and agent kernels.</summary>
    public static string Kernels(string parent, string name = "kernels-mle", bool swapped = false, long seed = 1)
    {
        var defaults = AgentOptions.DefaultKernels();
        var kernels = new Dictionary<string, object>
        {
            ["human"] = swapped ? defaults["agent"] : defaults["human"],
            ["agent"] = swapped ? defaults["human"] : defaults["agent"],
        };
        var directory = Fresh(parent, name);
        File.WriteAllText(Path.Combine(directory, ArtifactFiles.Kernels), JsonSerializer.Serialize(kernels));
        Manifest(name, ModelKind.Kernels, "mle", [ArtifactFiles.Kernels], [], seed).Save(directory);
        return directory;
    }

    /// <summary>A gradient-boosted detector over every session feature, fitted on synthetic rows where agents run automation.</summary>
    public static string TreesDetector(string parent, string name = "detector-gbt", long seed = 1)
    {
        var model = FitTrees(seed);
        var directory = Fresh(parent, name);
        model.Save(Path.Combine(directory, ArtifactFiles.DetectorTrees));
        Manifest(name, ModelKind.Detector, "gbt", [ArtifactFiles.DetectorTrees], SessionFeatures.FeatureNames, seed).Save(directory);
        return directory;
    }

    /// <summary>A logistic detector: logit = <paramref name="intercept"/> + Σ coefficients·x over <paramref name="schema"/>.</summary>
    public static string LogisticDetector(string parent, string name, double intercept, double[] coefficients, IReadOnlyList<string> schema)
    {
        var directory = Fresh(parent, name);
        using (var stream = File.Create(Path.Combine(directory, ArtifactFiles.DetectorLogistic)))
        {
            LogisticRegression.FromCoefficients(intercept, coefficients).Save(stream);
        }

        Manifest(name, ModelKind.Detector, "logistic", [ArtifactFiles.DetectorLogistic], schema, 1).Save(directory);
        return directory;
    }

    /// <summary>A surge policy artifact with its thresholds in policy.json.</summary>
    public static string SurgePolicy(string parent, string name = "policy-surge", double high = 60, double low = 30)
    {
        var directory = Fresh(parent, name);
        File.WriteAllText(Path.Combine(directory, ArtifactFiles.Policy), JsonSerializer.Serialize(new Dictionary<string, double> { ["high"] = high, ["low"] = low }));
        Manifest(name, ModelKind.Policy, "surge", [ArtifactFiles.Policy], [], 1).Save(directory);
        return directory;
    }

    public static GradientBoostedTrees FitTrees(long seed)
    {
        var (x, y) = SyntheticSessions(2_000, seed);
        return GradientBoostingTrainer.Fit(x, y, new GradientBoostingOptions { Rounds = 12, MaxDepth = 3, MinSamplesLeaf = 10, Seed = seed, MaxDegreeOfParallelism = 1 });
    }

    /// <summary>Rows of 30 session features: agents (label 1) are fast and often automated, humans slow and hovering.</summary>
    public static (Matrix X, float[] Y) SyntheticSessions(int rows, long seed)
    {
        var random = new SeededRandom(seed);
        var d = SessionFeatures.Count;
        var x = new Matrix(rows, d);
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var agent = random.NextBool(0.4);
            y[r] = agent ? 1 : 0;
            for (var j = 0; j < d; j++)
            {
                x[r, j] = (float)random.NextDouble();
            }

            x[r, SessionFeatures.IndexOf("avg_time_between_events")] = (float)(agent ? random.NextDouble() * 2 : 3 + (random.NextDouble() * 30));
            x[r, SessionFeatures.IndexOf("is_automation")] = agent && random.NextBool(0.5) ? 1 : 0;
            x[r, SessionFeatures.IndexOf("hover_intensity")] = (float)(agent ? random.NextDouble() * 0.1 : 0.1 + (random.NextDouble() * 0.5));
        }

        return (x, y);
    }

    public static ModelManifest Manifest(string name, ModelKind kind, string algorithm, IReadOnlyList<string> files, IReadOnlyList<string> schema, long seed) => new()
    {
        Name = name,
        Kind = kind,
        Algorithm = algorithm,
        Created = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).AddSeconds(seed),
        Seed = seed,
        FeatureSchema = schema,
        Metrics = new Dictionary<string, double> { ["roc_auc"] = 0.9 },
        TrainingData = "synthetic (tests)",
        Files = files,
        Card = "test artifact",
    };

    private static string Fresh(string parent, string name)
    {
        var directory = Path.Combine(parent, "src-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
