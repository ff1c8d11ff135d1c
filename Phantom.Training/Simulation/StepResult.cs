namespace Phantom.Training.Simulation;

/// <summary>
/// What one <see cref="MarketSimulator.Step"/> produced: the reward (and its terms), whether the episode ended, and the
/// per-step metrics of section 4. The new observation is <see cref="MarketSimulator.Observation"/>.
/// </summary>
public readonly record struct StepResult(
    int Step,
    double Reward,
    RewardTerms Terms,
    bool Terminated,
    bool Truncated,
    double Margin,
    double CoiLevel,
    double CoiLeakage,
    double CoiMix,
    double AgentProbability,
    double AlphaAdversarial,
    int AgentSessions,
    int HumanSessions)
{
    /// <summary>The episode is over (margin collapse or the step limit).</summary>
    public bool Done => Terminated || Truncated;

    /// <summary>R = Σ p_i q̃_i.</summary>
    public double Revenue => Terms.Revenue;
}
