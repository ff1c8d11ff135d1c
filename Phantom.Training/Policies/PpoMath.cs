namespace Phantom.Training.Policies;

/// <summary>The two pieces of PPO arithmetic worth testing on their own: GAE and the clipped surrogate.</summary>
public static class PpoMath
{
    /// <summary>
    /// Generalised advantage estimation over one rollout. <paramref name="dones"/>[t] says the episode ended after step t
    /// (no bootstrap across it; a time-limit cut is folded into the reward by the caller as γ·V(s_final)).
    /// <paramref name="lastValue"/> is V of the observation after the last step (ignored when that step ended an episode).
    /// A_t = δ_t + γλ(1 − done_t)A_{t+1}, δ_t = r_t + γ(1 − done_t)V_{t+1} − V_t; returns = A + V.
    /// </summary>
    public static void Gae(
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> values,
        ReadOnlySpan<bool> dones,
        double lastValue,
        double gamma,
        double lambda,
        Span<float> advantages,
        Span<float> returns)
    {
        var n = rewards.Length;
        if (values.Length != n || dones.Length != n || advantages.Length != n || returns.Length != n)
        {
            throw new ArgumentException("GAE inputs and outputs must have the same length");
        }

        var next = 0.0;
        for (var t = n - 1; t >= 0; t--)
        {
            var nextValue = t == n - 1 ? lastValue : values[t + 1];
            var live = dones[t] ? 0.0 : 1.0;
            var delta = rewards[t] + (gamma * nextValue * live) - values[t];
            next = delta + (gamma * lambda * live * next);
            advantages[t] = (float)next;
            returns[t] = (float)(next + values[t]);
        }
    }

    /// <summary>
    /// The clipped surrogate loss of one sample, −min(r·A, clip(r, 1 − ε, 1 + ε)·A) with r = exp(logπ − logπ_old), and its
    /// derivative with respect to logπ: −r·A where the unclipped term is the minimum, else 0 (the clipped term is flat).
    /// </summary>
    public static (double Loss, double Gradient, bool Clipped) ClippedSurrogate(double logProbability, double oldLogProbability, double advantage, double clipRange)
    {
        var ratio = Math.Exp(logProbability - oldLogProbability);
        var unclipped = ratio * advantage;
        var clipped = Math.Clamp(ratio, 1 - clipRange, 1 + clipRange) * advantage;
        return unclipped <= clipped ? (-unclipped, -unclipped, false) : (-clipped, 0.0, true);
    }
}
