namespace Phantom.Training.Learning;

/// <summary>Stochastic gradient descent with optional (heavy-ball) momentum and global-norm clipping.</summary>
public sealed class Sgd : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly float[][] _velocity;

    public Sgd(IReadOnlyList<Parameter> parameters, double learningRate, double momentum = 0, double? maxGradientNorm = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        _parameters = [.. parameters];
        _velocity = _parameters.Select(p => new float[p.Length]).ToArray();
        LearningRate = learningRate;
        Momentum = momentum;
        MaxGradientNorm = maxGradientNorm;
    }

    public double LearningRate { get; set; }

    public double Momentum { get; }

    public double? MaxGradientNorm { get; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public void Step()
    {
        if (MaxGradientNorm is { } maxNorm)
        {
            GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);
        }

        var lr = (float)LearningRate;
        var mu = (float)Momentum;
        for (var k = 0; k < _parameters.Length; k++)
        {
            var w = _parameters[k].Value;
            var g = _parameters[k].Gradient;
            var vel = _velocity[k];
            for (var i = 0; i < w.Length; i++)
            {
                vel[i] = (mu * vel[i]) + g[i];
                w[i] -= lr * vel[i];
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
