using Phantom.Streams.Events;

namespace Phantom.Streams.Agents;

/// <summary>
/// A row-stochastic kernel over the <see cref="EventNames.StateCount"/> behaviour states: T[s][s'] = P(next = s' |
/// current = s). Rows are sources (PHANTOM-MODEL.md section 2). A row without mass sends everything to
/// <see cref="EventName.SessionEnd"/>. Also keeps ln(T + ε) so divergence updates never call <see cref="Math.Log"/>
/// on the reference side.
/// </summary>
public sealed class TransitionKernel
{
    private const int S = EventNames.StateCount;
    private readonly double[] _p;
    private readonly double[] _logP;

    private TransitionKernel(string name, double[] p, double epsilon)
    {
        Name = name;
        Epsilon = epsilon;
        _p = p;
        _logP = new double[S * S];
        for (var i = 0; i < _p.Length; i++)
        {
            _logP[i] = Math.Log(_p[i] + epsilon);
        }
    }

    public string Name { get; }

    /// <summary>The ε added inside the logarithm of KL divergences against this kernel.</summary>
    public double Epsilon { get; }

    public double this[EventName from, EventName to] => _p[((int)from * S) + (int)to];

    /// <summary>ln(T[from][to] + ε), precomputed.</summary>
    public double LogProbability(EventName from, EventName to) => _logP[((int)from * S) + (int)to];

    /// <summary>ln(T + ε) as a flat row-major S×S array (do not modify).</summary>
    internal ReadOnlySpan<double> LogTable => _logP;

    public ReadOnlySpan<double> Row(EventName from) => _p.AsSpan((int)from * S, S);

    /// <summary>
    /// Builds a kernel from sparse rows keyed by wire names (as in <c>phantom.agent.kernels</c>). Rows are normalised;
    /// a missing or all-zero row goes to <c>session_end</c>; <c>session_end</c> itself is absorbing.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown state name, or a negative or non-finite probability.</exception>
    public static TransitionKernel FromRows(string name, IReadOnlyDictionary<string, Dictionary<string, double>> rows, double epsilon)
    {
        var p = new double[S * S];
        foreach (var (fromText, row) in rows)
        {
            var from = ParseState(name, fromText);
            foreach (var (toText, probability) in row)
            {
                if (!double.IsFinite(probability) || probability < 0)
                {
                    throw new ArgumentException($"kernel '{name}': {fromText} -> {toText} has probability {probability}; it must be finite and >= 0");
                }

                p[((int)from * S) + (int)ParseState(name, toText)] += probability;
            }
        }

        return FromDense(name, p, epsilon);
    }

    /// <summary>Builds a kernel from a dense row-major S×S matrix of non-negative weights (normalised per row).</summary>
    public static TransitionKernel FromDense(string name, ReadOnlySpan<double> weights, double epsilon)
    {
        if (weights.Length != S * S)
        {
            throw new ArgumentException($"kernel '{name}' needs {S * S} weights, got {weights.Length}");
        }

        var p = weights.ToArray();
        for (var s = 0; s < S; s++)
        {
            var row = p.AsSpan(s * S, S);
            var sum = 0.0;
            foreach (var w in row)
            {
                sum += w;
            }

            if (s == (int)EventName.SessionEnd || !(sum > 0))
            {
                row.Clear();
                row[(int)EventName.SessionEnd] = 1.0;
                continue;
            }

            for (var k = 0; k < S; k++)
            {
                row[k] /= sum;
            }
        }

        return new TransitionKernel(name, p, epsilon);
    }

    /// <summary>
    /// Maximum-likelihood estimate from transition counts (row-major S×S): T̂[s][s'] = N(s,s') / Σ_k N(s,k).
    /// </summary>
    public static TransitionKernel Estimate(string name, ReadOnlySpan<long> counts, double epsilon)
    {
        var weights = new double[S * S];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = counts[i];
        }

        return FromDense(name, weights, epsilon);
    }

    private static EventName ParseState(string kernel, string text) =>
        EventNames.TryParseState(text, out var state)
            ? state
            : throw new ArgumentException($"kernel '{kernel}': unknown state '{text}' (expected one of the 17 event names or session_end)");
}
