using Phantom.Training.Learning;
using Phantom.Training.Linear;

namespace Phantom.Training.Detection;

/// <summary>Logistic regression as a session classifier; stored as <c>detector.lr</c> (intercept and coefficients).</summary>
public sealed class LogisticClassifier(LogisticRegression model) : ISessionClassifier
{
    public const string FileName = "detector.lr";

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
