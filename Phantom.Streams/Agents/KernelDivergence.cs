using Phantom.Streams.Events;

namespace Phantom.Streams.Agents;

/// <summary>
/// The reference (from-scratch) computation of PHANTOM-MODEL.md section 2 over a whole trajectory. The live path
/// keeps the same quantities incrementally; this is what tests, replay checks and the simulator compare against.
/// </summary>
public static class KernelDivergence
{
    private const int S = EventNames.StateCount;

    /// <summary>
    /// KL(T̂_τ ‖ T) = Σ over visited rows s, Σ over k with N(s,k) &gt; 0, of p_s(k)·ln(p_s(k) / (q_s(k) + ε)).
    /// </summary>
    public static double KlDivergence(ReadOnlySpan<EventName> states, TransitionKernel reference)
    {
        Span<int> counts = stackalloc int[S * S];
        Span<int> rowTotals = stackalloc int[S];
        Count(states, counts, rowTotals);
        var kl = 0.0;
        for (var s = 0; s < S; s++)
        {
            if (rowTotals[s] == 0)
            {
                continue;
            }

            for (var k = 0; k < S; k++)
            {
                var n = counts[(s * S) + k];
                if (n > 0)
                {
                    var p = (double)n / rowTotals[s];
                    kl += p * (Math.Log(p) - reference.LogProbability((EventName)s, (EventName)k));
                }
            }
        }

        return kl;
    }

    /// <summary>f(τ) = σ((Δ_H − Δ_A)/T + logit(prior)); the prior when the trajectory has fewer than 2 states.</summary>
    public static double AgentProbability(ReadOnlySpan<EventName> states, TransitionKernel human, TransitionKernel agent, double temperature, double prior)
    {
        if (states.Length < 2)
        {
            return prior;
        }

        var gap = KlDivergence(states, human) - KlDivergence(states, agent);
        return Sigmoid((gap / temperature) + Logit(prior));
    }

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static double Logit(double p) => Math.Log(p / (1.0 - p));

    private static void Count(ReadOnlySpan<EventName> states, Span<int> counts, Span<int> rowTotals)
    {
        for (var i = 1; i < states.Length; i++)
        {
            counts[((int)states[i - 1] * S) + (int)states[i]]++;
            rowTotals[(int)states[i - 1]]++;
        }
    }
}
