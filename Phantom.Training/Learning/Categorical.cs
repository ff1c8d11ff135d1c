using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>
/// A categorical distribution given by logits (one row of a policy head): softmax, log-probabilities, entropy, their
/// gradients with respect to the logits, and sampling. Max-subtracted so large logits do not overflow.
/// </summary>
public static class Categorical
{
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        Check(logits, probabilities.Length);
        var max = Max(logits);
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = Math.Exp(logits[i] - max);
            probabilities[i] = (float)e;
            sum += e;
        }

        var inv = (float)(1.0 / sum);
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] *= inv;
        }
    }

    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> logProbabilities)
    {
        Check(logits, logProbabilities.Length);
        var lse = LogSumExp(logits);
        for (var i = 0; i < logits.Length; i++)
        {
            logProbabilities[i] = (float)(logits[i] - lse);
        }
    }

    /// <summary>log Σ exp(z), stable.</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        Check(logits, logits.Length);
        var max = Max(logits);
        var sum = 0.0;
        foreach (var z in logits)
        {
            sum += Math.Exp(z - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>log π(action) = z_a - logsumexp(z).</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int action)
    {
        CheckAction(logits, action);
        return logits[action] - LogSumExp(logits);
    }

    /// <summary>H = -Σ p log p.</summary>
    public static double Entropy(ReadOnlySpan<float> logits)
    {
        var lse = LogSumExp(logits);
        var h = 0.0;
        foreach (var z in logits)
        {
            var logP = z - lse;
            h -= Math.Exp(logP) * logP;
        }

        return h;
    }

    /// <summary>gradient += scale · d log π(action)/dz = scale · (onehot(action) - softmax(z)).</summary>
    public static void AccumulateLogProbabilityGradient(ReadOnlySpan<float> logits, int action, float scale, Span<float> gradient)
    {
        CheckAction(logits, action);
        Check(logits, gradient.Length);
        var lse = LogSumExp(logits);
        for (var i = 0; i < logits.Length; i++)
        {
            var p = Math.Exp(logits[i] - lse);
            gradient[i] += (float)(scale * ((i == action ? 1.0 : 0.0) - p));
        }
    }

    /// <summary>gradient += scale · dH/dz, where dH/dz_i = -p_i (log p_i + H).</summary>
    public static void AccumulateEntropyGradient(ReadOnlySpan<float> logits, float scale, Span<float> gradient)
    {
        Check(logits, gradient.Length);
        var lse = LogSumExp(logits);
        var h = 0.0;
        foreach (var z in logits)
        {
            var logP = z - lse;
            h -= Math.Exp(logP) * logP;
        }

        for (var i = 0; i < logits.Length; i++)
        {
            var logP = logits[i] - lse;
            gradient[i] += (float)(scale * (-Math.Exp(logP) * (logP + h)));
        }
    }

    /// <summary>Draws an action with probability softmax(z) (inverse CDF over one uniform draw).</summary>
    public static int Sample(ReadOnlySpan<float> logits, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var lse = LogSumExp(logits);
        var u = random.NextDouble();
        for (var i = 0; i < logits.Length; i++)
        {
            u -= Math.Exp(logits[i] - lse);
            if (u < 0)
            {
                return i;
            }
        }

        return logits.Length - 1;
    }

    /// <summary>Index of the largest logit (first on ties): the greedy action.</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        Check(logits, logits.Length);
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static void Check(ReadOnlySpan<float> logits, int otherLength)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("Logits are empty.", nameof(logits));
        }

        if (otherLength != logits.Length)
        {
            throw new ArgumentException("Output length must match logits.", nameof(otherLength));
        }
    }

    private static void CheckAction(ReadOnlySpan<float> logits, int action)
    {
        Check(logits, logits.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, logits.Length);
    }
}
