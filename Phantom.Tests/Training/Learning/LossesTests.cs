using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class LossesTests
{
    private static readonly float[] Logits = [-3f, -0.5f, 0.2f, 2.5f, 9f];
    private static readonly float[] Targets = [0f, 1f, 0.3f, 1f, 0f];

    [Fact]
    public void BinaryCrossEntropyWithLogits_Value_MatchesNaiveFormula()
    {
        var value = Losses.BinaryCrossEntropyWithLogits(Logits, Targets, new float[5]);
        var expected = 0.0;
        for (var i = 0; i < 5; i++)
        {
            var p = 1 / (1 + Math.Exp(-Logits[i]));
            expected -= (Targets[i] * Math.Log(p)) + ((1 - Targets[i]) * Math.Log(1 - p));
        }

        Assert.Equal(expected / 5, value, 6);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_Gradient_MatchesFiniteDifferences()
    {
        float[] weights = [1f, 0f, 2f, 0.5f, 1f];
        var gradient = new float[5];
        Losses.BinaryCrossEntropyWithLogits(Logits, Targets, gradient, weights);
        var z = (float[])Logits.Clone();
        for (var i = 0; i < z.Length; i++)
        {
            var numeric = GradientCheck.Numeric(z, i, () => Losses.BinaryCrossEntropyWithLogits(z, Targets, new float[5], weights));
            GradientCheck.AssertClose(gradient[i], numeric, $"logit[{i}]", 1e-3);
        }

        Assert.Equal(0f, gradient[1]);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_HugeLogits_StaysFinite()
    {
        var value = Losses.BinaryCrossEntropyWithLogits([1000f, -1000f], [0f, 1f], new float[2]);
        Assert.Equal(1000, value, 3);
    }

    [Fact]
    public void MeanSquaredError_ValueAndGradient_MatchDefinitionAndFiniteDifferences()
    {
        float[] p = [1f, 2f, -1f];
        float[] y = [0f, 2f, 1f];
        var gradient = new float[3];
        Assert.Equal(5.0 / 3, Losses.MeanSquaredError(p, y, gradient), 6);
        for (var i = 0; i < 3; i++)
        {
            var numeric = GradientCheck.Numeric(p, i, () => Losses.MeanSquaredError(p, y, new float[3]));
            GradientCheck.AssertClose(gradient[i], numeric, $"p[{i}]", 1e-3);
        }
    }
}
