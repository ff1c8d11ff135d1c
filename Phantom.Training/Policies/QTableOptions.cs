namespace Phantom.Training.Policies;

/// <summary><c>phantom.training.qtable</c>: tabular Q-learning hyper-parameters (section 6).</summary>
public sealed class QTableOptions
{
    public double LearningRate { get; set; } = 0.1;

    public double Gamma { get; set; } = 0.99;

    public double EpsilonStart { get; set; } = 1.0;

    /// <summary>ε is multiplied by this after every step.</summary>
    public double EpsilonDecay { get; set; } = 0.9995;

    public double EpsilonMin { get; set; } = 0.05;

    /// <summary>Interior bin edges per state dimension (so edges + 1 bins).</summary>
    public int InteriorBins { get; set; } = 5;
}
