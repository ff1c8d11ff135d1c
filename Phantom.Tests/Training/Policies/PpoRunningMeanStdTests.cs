using Phantom.Training.Policies;

namespace Phantom.Tests.Training.Policies;

public class PpoRunningMeanStdTests
{
    [Fact]
    public void Update_ManySamples_ConvergesToPopulationMeanAndVariance()
    {
        var stats = new RunningMeanStd(2);
        double[][] samples = [[1, 10], [2, 20], [3, 30], [4, 40]];
        foreach (var s in samples)
        {
            stats.Update(s);
        }

        Assert.Equal(2.5, stats.Mean[0], 3);
        Assert.Equal(25, stats.Mean[1], 2);
        Assert.Equal(1.25, stats.Variance[0], 3); // population variance of 1..4
        Assert.Equal(125, stats.Variance[1], 1);
    }

    [Fact]
    public void Normalize_FarOutlier_IsClippedToTen()
    {
        var stats = new RunningMeanStd(1);
        stats.Set([0.0], [1.0], 100);
        var output = new float[1];
        stats.Normalize([1e6], output);
        Assert.Equal(10f, output[0]);
    }
}
