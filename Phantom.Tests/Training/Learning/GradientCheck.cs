using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

/// <summary>
/// Central finite differences against back-propagated gradients. The scalar probe is L = Σ c_ij·y_ij with fixed random
/// c, so dL/dy = c and every output element is exercised. Float networks get h = 1e-2 and a relative tolerance of
/// 2e-2 (float round-off over h is ~1e-5; the O(h²) truncation of smooth layers is smaller still).
/// </summary>
internal static class GradientCheck
{
    public const double Step = 1e-2;
    public const double Tolerance = 2e-2;

    public static Matrix RandomMatrix(int rows, int columns, long seed, double scale = 1.0)
    {
        var random = new SeededRandom(seed);
        var m = new Matrix(rows, columns);
        for (var i = 0; i < m.Values.Length; i++)
        {
            m.Values[i] = (float)(random.NextGaussian() * scale);
        }

        return m;
    }

    public static double Probe(Matrix output, Matrix coefficients)
    {
        var sum = 0.0;
        for (var i = 0; i < output.Values.Length; i++)
        {
            sum += (double)output.Values[i] * coefficients.Values[i];
        }

        return sum;
    }

    /// <summary>Checks dL/dInput and dL/dParameters of <paramref name="layer"/> at <paramref name="input"/>.</summary>
    public static void Check(ILayer layer, Matrix input, long seed = 7)
    {
        var output = layer.Forward(input);
        var c = RandomMatrix(output.Rows, output.Columns, seed);
        foreach (var p in layer.Parameters)
        {
            p.ZeroGradient();
        }

        var analyticInput = layer.Backward(c).Clone();
        var analyticParams = layer.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();

        double Loss() => Probe(layer.Forward(input), c);

        for (var i = 0; i < input.Values.Length; i++)
        {
            var numeric = Numeric(input.Data, i, Loss);
            AssertClose(analyticInput.Values[i], numeric, $"input[{i}]");
        }

        for (var k = 0; k < layer.Parameters.Count; k++)
        {
            var p = layer.Parameters[k];
            for (var i = 0; i < p.Value.Length; i++)
            {
                var numeric = Numeric(p.Value, i, Loss);
                AssertClose(analyticParams[k][i], numeric, $"{p.Name}[{i}]");
            }
        }
    }

    public static double Numeric(float[] values, int index, Func<double> loss)
    {
        var original = values[index];
        values[index] = (float)(original + Step);
        var plus = loss();
        values[index] = (float)(original - Step);
        var minus = loss();
        values[index] = original;
        return (plus - minus) / (2 * Step);
    }

    public static void AssertClose(double analytic, double numeric, string what, double tolerance = Tolerance)
    {
        var scale = Math.Max(1.0, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
        Assert.True(Math.Abs(analytic - numeric) <= tolerance * scale, $"{what}: analytic {analytic} vs numeric {numeric}");
    }
}
