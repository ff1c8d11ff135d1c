namespace Phantom.Training.Detection;

/// <summary>The learners a session detector can be trained with.</summary>
public enum DetectorAlgorithm
{
    /// <summary>Histogram gradient-boosted trees (<see cref="Trees.GradientBoostingTrainer"/>).</summary>
    Gbt,

    /// <summary>L2 logistic regression by Newton's method (<see cref="Linear.LogisticRegression"/>).</summary>
    Logistic,
}
