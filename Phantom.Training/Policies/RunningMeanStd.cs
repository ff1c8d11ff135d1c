namespace Phantom.Training.Policies;

/// <summary>
/// Per-dimension running mean and variance (Chan et al.'s parallel merge, as Stable-Baselines3's RunningMeanStd), used
/// to standardise PPO's observations and to scale its rewards. Starts at mean 0, variance 1 with a tiny prior count.
/// </summary>
public sealed class RunningMeanStd
{
    private readonly double[] _mean;
    private readonly double[] _variance;

    public RunningMeanStd(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _mean = new double[size];
        _variance = new double[size];
        Array.Fill(_variance, 1.0);
        Count = 1e-4;
    }

    public int Size => _mean.Length;

    public double Count { get; private set; }

    public ReadOnlySpan<double> Mean => _mean;

    public ReadOnlySpan<double> Variance => _variance;

    /// <summary>Merges one sample.</summary>
    public void Update(ReadOnlySpan<double> sample)
    {
        if (sample.Length != _mean.Length)
        {
            throw new ArgumentException($"expected {_mean.Length} values, got {sample.Length}", nameof(sample));
        }

        var total = Count + 1;
        for (var i = 0; i < _mean.Length; i++)
        {
            var delta = sample[i] - _mean[i];
            var mean = _mean[i] + (delta / total);
            var m2 = (_variance[i] * Count) + (delta * delta * Count / total);
            _mean[i] = mean;
            _variance[i] = m2 / total;
        }

        Count = total;
    }

    /// <summary>Merges one scalar sample (size-1 instance).</summary>
    public void Update(double sample) => Update([sample]);

    /// <summary>(x − mean)/sqrt(var + 1e-8), clipped to ±<paramref name="clip"/>, written as floats (network input).</summary>
    public void Normalize(ReadOnlySpan<double> sample, Span<float> output, double clip = 10.0)
    {
        for (var i = 0; i < _mean.Length; i++)
        {
            output[i] = (float)Math.Clamp((sample[i] - _mean[i]) / Math.Sqrt(_variance[i] + 1e-8), -clip, clip);
        }
    }

    /// <summary>Overwrites the statistics (loading a saved agent).</summary>
    public void Set(ReadOnlySpan<double> mean, ReadOnlySpan<double> variance, double count)
    {
        if (mean.Length != _mean.Length || variance.Length != _variance.Length)
        {
            throw new ArgumentException($"expected {_mean.Length} values");
        }

        mean.CopyTo(_mean);
        variance.CopyTo(_variance);
        Count = count;
    }
}
