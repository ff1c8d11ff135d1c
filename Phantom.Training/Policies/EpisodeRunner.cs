using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>Plays a tier greedily through one simulator episode and summarises it.</summary>
public static class EpisodeRunner
{
    /// <summary>
    /// Resets <paramref name="environment"/> with <paramref name="seed"/> and steps it with <paramref name="agent"/>'s
    /// actions until the episode ends; <paramref name="onStep"/> sees every step (price traces).
    /// </summary>
    public static EpisodeSummary Run(MarketSimulator environment, IPricingAgent agent, long seed, Action<StepResult, MarketSimulator>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(agent);
        environment.Reset(seed);
        int steps = 0;
        double reward = 0, revenue = 0, margin = 0, coi = 0, leakage = 0, mix = 0, price = 0;
        while (!environment.IsDone)
        {
            var result = environment.Step(agent.Act(environment.Observation));
            steps++;
            reward += result.Reward;
            revenue += result.Revenue;
            margin += result.Margin;
            coi += result.CoiLevel;
            leakage += result.CoiLeakage;
            mix += result.CoiMix;
            price += SimulatorObservation.Mean(environment.Prices);
            onStep?.Invoke(result, environment);
        }

        var n = Math.Max(steps, 1);
        return new EpisodeSummary(steps, reward, revenue, margin / n, coi / n, leakage / n, mix / n, price / n);
    }
}
