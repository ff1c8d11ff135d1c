using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Tests.Training.Learning;

public class CategoricalTests
{
    private static readonly float[] Logits = [0.3f, -1.2f, 2.0f, 0.7f];

    [Fact]
    public void Softmax_LargeLogits_SumsToOneWithoutOverflow()
    {
        var p = new float[3];
        Categorical.Softmax([1000f, 1001f, 999f], p);
        Assert.Equal(1.0, p.Sum(), 5);
        Assert.True(p[1] > p[0] && p[0] > p[2]);
        Assert.Equal(Math.Exp(1) / (1 + Math.E + Math.Exp(-1)), p[1], 5);
    }

    [Fact]
    public void LogProbability_MatchesLogOfSoftmax()
    {
        var p = new float[4];
        Categorical.Softmax(Logits, p);
        var logP = new float[4];
        Categorical.LogSoftmax(Logits, logP);
        for (var a = 0; a < 4; a++)
        {
            Assert.Equal(Math.Log(p[a]), Categorical.LogProbability(Logits, a), 5);
            Assert.Equal(Math.Log(p[a]), logP[a], 5);
        }
    }

    [Fact]
    public void Entropy_Uniform_IsLogK()
    {
        Assert.Equal(Math.Log(5), Categorical.Entropy([2f, 2f, 2f, 2f, 2f]), 6);
    }

    [Fact]
    public void LogProbabilityGradient_MatchesFiniteDifferences()
    {
        var z = (float[])Logits.Clone();
        var gradient = new float[4];
        Categorical.AccumulateLogProbabilityGradient(z, 2, 1.5f, gradient);
        for (var i = 0; i < 4; i++)
        {
            var numeric = GradientCheck.Numeric(z, i, () => 1.5 * Categorical.LogProbability(z, 2));
            GradientCheck.AssertClose(gradient[i], numeric, $"z[{i}]", 1e-3);
        }
    }

    [Fact]
    public void EntropyGradient_MatchesFiniteDifferences()
    {
        var z = (float[])Logits.Clone();
        var gradient = new float[4];
        Categorical.AccumulateEntropyGradient(z, -0.5f, gradient);
        for (var i = 0; i < 4; i++)
        {
            var numeric = GradientCheck.Numeric(z, i, () => -0.5 * Categorical.Entropy(z));
            GradientCheck.AssertClose(gradient[i], numeric, $"z[{i}]", 1e-3);
        }
    }

    [Fact]
    public void Sample_ManyDraws_FrequenciesMatchSoftmax()
    {
        var p = new float[4];
        Categorical.Softmax(Logits, p);
        var counts = new int[4];
        var random = new SeededRandom(9);
        const int draws = 200_000;
        for (var i = 0; i < draws; i++)
        {
            counts[Categorical.Sample(Logits, random)]++;
        }

        for (var a = 0; a < 4; a++)
        {
            Assert.InRange((double)counts[a] / draws, p[a] - 0.01, p[a] + 0.01);
        }

        Assert.Equal(2, Categorical.ArgMax(Logits));
    }
}
