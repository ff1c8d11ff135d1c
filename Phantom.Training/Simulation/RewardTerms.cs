namespace Phantom.Training.Simulation;

/// <summary>
/// One step's reward and its parts: Reward = Profit − CoiPenalty − UxPenalty − SupraPenalty (section 5), with
/// Profit = w·(R − C), CoiPenalty = λ_coi·f·info·B, UxPenalty = η_ux·B·(v + 0.5u), SupraPenalty =
/// 0.5·η_ux·B·mean(max(0, p/ref − 1)²) and B = max(C, 1).
/// </summary>
public readonly record struct RewardTerms(
    double Revenue,
    double Cost,
    double Profit,
    double CoiPenalty,
    double UxPenalty,
    double SupraPenalty)
{
    public double Reward => Profit - CoiPenalty - UxPenalty - SupraPenalty;
}
