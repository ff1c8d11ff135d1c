using Phantom.Streams.Randomness;
using Phantom.Training.Learning;
using Phantom.Training.Linear;

namespace Phantom.Tests.Training.Linear;

public class LogisticRegressionTests
{
    private static readonly double[] TrueCoefficients = [1.5, -2.0, 0.0, 0.7];
    private const double TrueIntercept = -0.5;

    [Fact]
    public void Fit_SyntheticData_RecoversKnownCoefficients()
    {
        var (x, y) = Synthetic(60_000, seed: 1, scales: [1, 1, 1, 1], offsets: [0, 0, 0, 0]);
        var model = LogisticRegression.Fit(x, y, new LogisticRegressionOptions { L2Regularization = 1e-6 });
        Assert.True(model.Converged);
        for (var j = 0; j < TrueCoefficients.Length; j++)
        {
            Assert.InRange(model.Coefficients[j], TrueCoefficients[j] - 0.06, TrueCoefficients[j] + 0.06);
        }

        Assert.InRange(model.Intercept, TrueIntercept - 0.06, TrueIntercept + 0.06);
    }

    [Fact]
    public void Fit_ScaledAndShiftedFeatures_CoefficientsReportedOnOriginalScale()
    {
        // x'_j = s_j·x_j + o_j has coefficient β_j / s_j; standardisation must not leak into the reported model.
        double[] scales = [100, 0.01, 5, 1];
        double[] offsets = [1000, -3, 0, 42];
        var (x, y) = Synthetic(60_000, seed: 2, scales, offsets);
        var model = LogisticRegression.Fit(x, y, new LogisticRegressionOptions { L2Regularization = 1e-6 });
        for (var j = 0; j < TrueCoefficients.Length; j++)
        {
            var expected = TrueCoefficients[j] / scales[j];
            Assert.InRange(model.Coefficients[j], expected - (0.06 / scales[j]), expected + (0.06 / scales[j]));
        }
    }

    [Fact]
    public void Fit_StrongL2_ShrinksCoefficients()
    {
        var (x, y) = Synthetic(5_000, seed: 3, scales: [1, 1, 1, 1], offsets: [0, 0, 0, 0]);
        var weak = LogisticRegression.Fit(x, y, new LogisticRegressionOptions { L2Regularization = 1e-6 });
        var strong = LogisticRegression.Fit(x, y, new LogisticRegressionOptions { L2Regularization = 5_000 });
        Assert.True(Math.Abs(strong.Coefficients[0]) < Math.Abs(weak.Coefficients[0]) * 0.7);
    }

    [Fact]
    public void PredictProbability_MatchesLogisticOfLinearScore()
    {
        var model = LogisticRegression.FromCoefficients(0.25, [1.0, -2.0]);
        Assert.Equal(1 / (1 + Math.Exp(-(0.25 + 0.5 - 0.6))), model.PredictProbability([0.5f, 0.3f]), 6);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameCoefficients()
    {
        var model = LogisticRegression.FromCoefficients(-0.75, [0.5, 2.25, -1.0]);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = LogisticRegression.Load(stream);
        Assert.Equal(model.Intercept, loaded.Intercept);
        Assert.Equal(model.Coefficients, loaded.Coefficients);
    }

    private static (Matrix X, float[] Y) Synthetic(int n, long seed, double[] scales, double[] offsets)
    {
        var random = new SeededRandom(seed);
        var x = new Matrix(n, 4);
        var y = new float[n];
        for (var r = 0; r < n; r++)
        {
            var z = TrueIntercept;
            for (var j = 0; j < 4; j++)
            {
                var v = random.NextGaussian();
                z += TrueCoefficients[j] * v;
                x[r, j] = (float)((v * scales[j]) + offsets[j]);
            }

            y[r] = random.NextDouble() < Losses.Sigmoid(z) ? 1 : 0;
        }

        return (x, y);
    }
}
