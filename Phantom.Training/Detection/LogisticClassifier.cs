using Phantom.Streams.Models;
using Phantom.Training.Learning;
using Phantom.Training.Linear;

namespace Phantom.Training.Detection;

/// <summary>Logistic regression as a session classifier; stored as <c>detector-logistic.bin</c> (PHLR1: intercept and coefficients), the file the registry serves.</summary>
public sealed class LogisticClassifier(LogisticRegression model) : ISessionClassifier
{
    public const string FileName = ArtifactFiles.DetectorLogistic;

    public LogisticRegression Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public string Algorithm => "logistic";

    public double[] PredictProbabilities(Matrix features) => Model.PredictProbabilities(features);

    public IReadOnlyList<string> Save(string directory)
    {
        Directory.CreateDirectory(directory);
        using (var stream = File.Create(Path.Combine(directory, FileName)))
        {
            Model.Save(stream);
        }

        return [FileName];
    }
}
