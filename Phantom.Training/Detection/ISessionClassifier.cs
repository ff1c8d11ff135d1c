using Phantom.Training.Learning;

namespace Phantom.Training.Detection;

/// <summary>A trained P(agent | session features) model, whichever learner made it, and how it is stored.</summary>
public interface ISessionClassifier
{
    /// <summary>The manifest's algorithm name (<c>gbt</c>, <c>logistic</c>).</summary>
    string Algorithm { get; }

    /// <summary>P(agent) for every row of <paramref name="features"/> (columns in the training schema's order).</summary>
    double[] PredictProbabilities(Matrix features);

    /// <summary>Writes the weights into <paramref name="directory"/>; returns the file names written.</summary>
    IReadOnlyList<string> Save(string directory);
}
