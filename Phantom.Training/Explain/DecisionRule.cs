namespace Phantom.Training.Explain;

/// <summary>
/// One leaf of a decision tree as a rule: the conditions on its path, the class it predicts, and how many training
/// samples reached it and how many of those had that class.
/// </summary>
public sealed record DecisionRule(IReadOnlyList<RuleCondition> Conditions, int Prediction, string PredictionLabel, int Samples, int Agreeing)
{
    /// <summary>Share of the leaf's training samples with the predicted class.</summary>
    public double Purity => Samples == 0 ? 0 : (double)Agreeing / Samples;

    /// <summary>"if a ≤ 1 and b > 2 then LABEL" ("always LABEL" for a tree that is one leaf).</summary>
    public override string ToString() =>
        Conditions.Count == 0
            ? $"always {PredictionLabel}"
            : $"if {string.Join(" and ", Conditions)} then {PredictionLabel}";
}
