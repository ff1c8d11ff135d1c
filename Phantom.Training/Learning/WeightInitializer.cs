using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>Fills weight buffers from a seeded stream, so the same seed gives the same network.</summary>
public static class WeightInitializer
{
    public static void Fill(Span<float> weights, int fanIn, int fanOut, WeightInitialization scheme, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        switch (scheme)
        {
            case WeightInitialization.XavierUniform:
                var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * limit);
                }

                break;
            case WeightInitialization.HeNormal:
                var std = Math.Sqrt(2.0 / fanIn);
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] = (float)(random.NextGaussian() * std);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown initialisation.");
        }
    }
}
