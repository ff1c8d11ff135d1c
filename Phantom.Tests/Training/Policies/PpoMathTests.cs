using Phantom.Training.Policies;

namespace Phantom.Tests.Training.Policies;

public class PpoMathTests
{
    [Fact]
    public void Gae_HandComputedRollout_MatchesAdvantagesAndReturns()
    {
        // γ = 0.9, λ = 0.8; the episode ends after step 1, the rollout is cut after step 2 (bootstrap V = 2).
        float[] rewards = [1, 2, 3];
        float[] values = [0.5f, 1.0f, 1.5f];
        bool[] dones = [false, true, false];
        var advantages = new float[3];
        var returns = new float[3];

        PpoMath.Gae(rewards, values, dones, lastValue: 2.0, gamma: 0.9, lambda: 0.8, advantages, returns);

        // δ2 = 3 + 0.9·2 − 1.5 = 3.3; δ1 = 2 − 1 = 1 (terminal); δ0 = 1 + 0.9·1 − 0.5 = 1.4, A0 = 1.4 + 0.72·1.
        Assert.Equal(3.3, advantages[2], 5);
        Assert.Equal(1.0, advantages[1], 5);
        Assert.Equal(2.12, advantages[0], 5);
        Assert.Equal(4.8, returns[2], 5);
        Assert.Equal(2.0, returns[1], 5);
        Assert.Equal(2.62, returns[0], 5);
    }

    [Fact]
    public void Gae_LambdaOne_EqualsDiscountedReturnMinusValue()
    {
        float[] rewards = [1, 1, 1, 1];
        float[] values = [0.3f, -0.2f, 0.7f, 0.1f];
        bool[] dones = [false, false, false, true];
        var advantages = new float[4];
        var returns = new float[4];

        PpoMath.Gae(rewards, values, dones, lastValue: 99, gamma: 0.5, lambda: 1.0, advantages, returns);

        // With λ = 1 the return is the plain discounted sum to the terminal step (the bootstrap value is ignored).
        Assert.Equal(1 + 0.5 + 0.25 + 0.125, returns[0], 5);
        Assert.Equal(1 + 0.5 + 0.25, returns[1], 5);
        Assert.Equal(1.0, returns[3], 5);
        Assert.Equal(returns[2] - values[2], advantages[2], 5);
    }

    [Theory]
    [InlineData(1.0, 2.0, -2.0, -2.0, false)] // r = 1: unclipped
    [InlineData(1.5, 2.0, -2.4, 0.0, true)] // r above 1 + ε with A > 0: clipped, flat
    [InlineData(1.5, -2.0, 3.0, 3.0, false)] // r above 1 + ε with A < 0: the unclipped term is the pessimistic one
    [InlineData(0.5, -2.0, 1.6, 0.0, true)] // r below 1 − ε with A < 0: clipped, flat
    [InlineData(0.5, 2.0, -1.0, -1.0, false)] // r below 1 − ε with A > 0: unclipped
    public void ClippedSurrogate_HandComputedCases_LossGradientAndClipFlag(double ratio, double advantage, double loss, double gradient, bool clipped)
    {
        var result = PpoMath.ClippedSurrogate(Math.Log(ratio), 0.0, advantage, 0.2);
        Assert.Equal(loss, result.Loss, 10);
        Assert.Equal(gradient, result.Gradient, 10);
        Assert.Equal(clipped, result.Clipped);
    }

    [Theory]
    [InlineData(0.1, 1.3)]
    [InlineData(-0.05, -0.7)]
    [InlineData(0.3, 2.0)]
    [InlineData(-0.4, -1.1)]
    public void ClippedSurrogate_Gradient_MatchesFiniteDifference(double logRatio, double advantage)
    {
        const double h = 1e-6;
        var analytic = PpoMath.ClippedSurrogate(logRatio, 0, advantage, 0.2).Gradient;
        var numeric = (PpoMath.ClippedSurrogate(logRatio + h, 0, advantage, 0.2).Loss - PpoMath.ClippedSurrogate(logRatio - h, 0, advantage, 0.2).Loss) / (2 * h);
        Assert.Equal(numeric, analytic, 5);
    }
}
