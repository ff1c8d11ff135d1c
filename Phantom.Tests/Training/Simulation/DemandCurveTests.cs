using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

public class DemandCurveTests
{
    [Fact]
    public void Compute_MixedSigns_ClampsAndRescalesTo100()
    {
        var demand = new double[3];

        // raw d = max(0, v − p + ε) = [50 − 30 + 1, 40 − 35 − 2, 30 − 40 + 0] = [21, 3, 0]; sum 24.
        DemandCurve.Compute([50, 40, 30], [1, -2, 0], [30, 35, 40], 100, demand);
        Assert.Equal(87.5, demand[0], 12);
        Assert.Equal(12.5, demand[1], 12);
        Assert.Equal(0, demand[2]);
    }

    [Fact]
    public void Compute_AllPricesAboveValuation_StaysZero()
    {
        var demand = new double[2];
        DemandCurve.Compute([10, 10], [0, 0], [50, 60], 100, demand);
        Assert.Equal([0.0, 0.0], demand);
    }
}
