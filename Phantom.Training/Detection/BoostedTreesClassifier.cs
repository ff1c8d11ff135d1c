using Phantom.Streams.Models;
using Phantom.Training.Learning;
using Phantom.Training.Trees;

namespace Phantom.Training.Detection;

/// <summary>Gradient-boosted trees as a session classifier; stored as <c>detector.phgb</c> (PHGB1, the trees' binary format), the file the registry serves.</summary>
public sealed class BoostedTreesClassifier(GradientBoostedTrees model) : ISessionClassifier
{
    public const string FileName = ArtifactFiles.DetectorTrees;

    public GradientBoostedTrees Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public string Algorithm => "gbt";

    public double[] PredictProbabilities(Matrix features) => Model.PredictProbabilities(features);

    public IReadOnlyList<string> Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Model.Save(Path.Combine(directory, FileName));
        return [FileName];
    }
}
