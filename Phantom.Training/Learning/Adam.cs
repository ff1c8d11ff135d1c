namespace Phantom.Training.Learning;

/// <summary>Adam with bias correction, optional decoupled weight decay and global-norm clipping.</summary>
public sealed class Adam : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly float[][] _firstMoment;
    private readonly float[][] _secondMoment;
    private long _step;

    public Adam(IReadOnlyList<Parameter> parameters, AdamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Options = options ?? new AdamOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.LearningRate);
        LearningRate = Options.LearningRate;
        _parameters = [.. parameters];
        _firstMoment = _parameters.Select(p => new float[p.Length]).ToArray();
        _secondMoment = _parameters.Select(p => new float[p.Length]).ToArray();
    }

    public AdamOptions Options { get; }

    /// <summary>Learning rate used by the next step; mutable for schedules (e.g. PPO's linear annealing).</summary>
    public double LearningRate { get; set; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Number of steps taken.</summary>
    public long StepCount => _step;

    public void Step()
    {
        if (Options.MaxGradientNorm is { } maxNorm)
        {
            GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);
        }

        _step++;
        var lr = LearningRate;
        var b1 = (float)Options.Beta1;
        var b2 = (float)Options.Beta2;
        var c1 = 1.0 - Math.Pow(Options.Beta1, _step);
        var c2 = 1.0 - Math.Pow(Options.Beta2, _step);
        var stepSize = (float)(lr * Math.Sqrt(c2) / c1);
        var eps = (float)(Options.Epsilon * Math.Sqrt(c2));
        var decay = (float)(lr * Options.WeightDecay);
        for (var k = 0; k < _parameters.Length; k++)
        {
            var w = _parameters[k].Value;
            var g = _parameters[k].Gradient;
            var m = _firstMoment[k];
            var v = _secondMoment[k];
            for (var i = 0; i < w.Length; i++)
            {
                var gi = g[i];
                m[i] = (b1 * m[i]) + ((1f - b1) * gi);
                v[i] = (b2 * v[i]) + ((1f - b2) * gi * gi);
                w[i] -= (stepSize * m[i] / (MathF.Sqrt(v[i]) + eps)) + (decay * w[i]);
            }
        }
    }

    public void ZeroGradients()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGradient();
        }
    }
}
