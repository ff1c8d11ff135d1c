using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class LogLogSlopeEstimatorTests
{
    [Fact]
    public void TryGetSlope_PointsOnLogLogLine_RecoversSlope()
    {
        var estimator = new LogLogSlopeEstimator();
        for (var p = 1; p <= 30; p++)
        {
            estimator.Add(p, Math.Exp(1.5) * Math.Pow(p, -1.7));
        }

        Assert.True(estimator.TryGetSlope(out var slope));
        Assert.Equal(-1.7, slope, 9);
    }

    [Fact]
    public void Add_NonPositiveOrNonFinite_Skipped()
    {
        var estimator = new LogLogSlopeEstimator();

        Assert.False(estimator.Add(0, 1));
        Assert.False(estimator.Add(10, 0));
        Assert.False(estimator.Add(-1, 5));
        Assert.False(estimator.Add(double.NaN, 5));
        Assert.False(estimator.Add(10, double.PositiveInfinity));
        Assert.True(estimator.Add(10, 5));
        Assert.Equal(1, estimator.Count);
    }

    [Fact]
    public void TryGetSlope_ConstantPrice_Undefined()
    {
        var estimator = new LogLogSlopeEstimator();
        for (var i = 1; i <= 10; i++)
        {
            estimator.Add(123.45, i);
        }

        Assert.False(estimator.TryGetSlope(out _));
    }

    [Fact]
    public void TryGetSlope_OnePoint_Undefined()
    {
        var estimator = new LogLogSlopeEstimator();
        estimator.Add(10, 10);

        Assert.False(estimator.TryGetSlope(out _));
    }
}
