namespace Phantom.Training.Learning;

/// <summary>Global-norm gradient clipping (as in PPO and most RL code).</summary>
public static class GradientClipping
{
    /// <summary>The L2 norm of all gradients taken together.</summary>
    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sum = 0.0;
        foreach (var p in parameters)
        {
            foreach (var g in p.Gradient)
            {
                sum += (double)g * g;
            }
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Scales all gradients so their global norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        var norm = GlobalNorm(parameters);
        if (norm > maxNorm)
        {
            var scale = (float)(maxNorm / norm);
            foreach (var p in parameters)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(p.Gradient, scale, p.Gradient);
            }
        }

        return norm;
    }
}
