using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>
/// A pricing tier that picks one of the simulator's discrete price scales from an observation. Learners (Q-learning,
/// later PPO) fit themselves in <see cref="Train"/>; fixed rules treat it as a no-op. Robust (defended) training is
/// training on a simulator in <see cref="SimulatorMode.Robust"/> mode: the tier itself does not change.
/// </summary>
public interface IPricingAgent
{
    /// <summary>The tier name as the benchmark and CLI spell it (<c>static</c>, <c>qtable</c>, …).</summary>
    string Name { get; }

    /// <summary>
    /// Fits the tier by interacting with <paramref name="environment"/> for about <paramref name="timesteps"/> steps
    /// (resetting it as episodes end, with episode seeds derived from <paramref name="seed"/>). Deterministic for a seed.
    /// </summary>
    void Train(MarketSimulator environment, long timesteps, long seed);

    /// <summary>The action (index into the simulator's price scales) for an observation; deterministic (greedy).</summary>
    int Act(ReadOnlySpan<double> observation);
}
