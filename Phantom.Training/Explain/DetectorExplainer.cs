using Phantom.Streams.Models;
using Phantom.Training.Linear;
using Phantom.Training.Registry;
using Phantom.Training.Trees;

namespace Phantom.Training.Explain;

/// <summary>
/// Ranks a detector artifact's features: for boosted trees by their share of the total split gain (the usual "gain"
/// importance), for logistic regression by |coefficient| on the original feature scale (not comparable across
/// features with different units, and said so in <see cref="DetectorExplanation.Method"/>).
/// </summary>
public static class DetectorExplainer
{
    /// <exception cref="ModelRegistryException">Not a detector, or its model file is missing or unreadable.</exception>
    public static DetectorExplanation Explain(RegistryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != ModelKind.Detector)
        {
            throw new ModelRegistryException($"{entry.Reference} is a {entry.Kind.ToWire()} model, not a detector");
        }

        var schema = entry.Manifest.FeatureSchema;
        var trees = Path.Combine(entry.Directory, ArtifactFiles.DetectorTrees);
        var logistic = Path.Combine(entry.Directory, ArtifactFiles.DetectorLogistic);
        try
        {
            if (File.Exists(trees))
            {
                var model = GradientBoostedTrees.Load(trees);
                var gains = model.NormalizedGainImportance();
                return new DetectorExplanation($"gbt, {model.Trees.Count} trees", "share of total split gain", Rank(schema, gains));
            }

            if (File.Exists(logistic))
            {
                using var stream = File.OpenRead(logistic);
                var model = LogisticRegression.Load(stream);
                return new DetectorExplanation("logistic", "|coefficient| on the original feature scale", Rank(schema, model.Coefficients.Select(Math.Abs).ToArray()));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new ModelRegistryException($"{entry.Reference}: cannot read the detector: {e.Message}", e);
        }

        throw new ModelRegistryException($"{entry.Reference}: neither {ArtifactFiles.DetectorTrees} nor {ArtifactFiles.DetectorLogistic} is present");
    }

    private static FeatureImportance[] Rank(IReadOnlyList<string> schema, double[] values) =>
        values.Select((v, i) => new FeatureImportance(i < schema.Count ? schema[i] : $"feature_{i}", v))
            .OrderByDescending(f => f.Value)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)
            .ToArray();
}
