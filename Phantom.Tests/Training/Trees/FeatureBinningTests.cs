using Phantom.Training.Learning;
using Phantom.Training.Trees;

namespace Phantom.Tests.Training.Trees;

public class FeatureBinningTests
{
    [Fact]
    public void Fit_FewDistinctValues_OneBinPerValue()
    {
        var x = Column([5, 1, 3, 3, 1, 5, 5]);
        var binning = FeatureBinning.Fit(x, 255, 1000, seed: 1);
        Assert.Equal(3, binning.BinCount(0));
        Assert.Equal(0, binning.BinOf(0, 1));
        Assert.Equal(1, binning.BinOf(0, 3));
        Assert.Equal(2, binning.BinOf(0, 5));
        Assert.Equal(0, binning.BinOf(0, float.NaN));
        Assert.Equal(2, binning.BinOf(0, 100));
    }

    [Fact]
    public void Fit_ManyDistinctValues_AtMostMaxBinsRoughlyEqualCounts()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => (float)Math.Sqrt(i)).ToArray();
        var x = Column(values);
        var binning = FeatureBinning.Fit(x, 16, 100_000, seed: 1);
        Assert.Equal(16, binning.BinCount(0));
        var bins = binning.Transform(x);
        var counts = new int[16];
        foreach (var b in bins)
        {
            counts[b]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 600, 650));
    }

    [Fact]
    public void Transform_BinOrderFollowsValueOrder()
    {
        var values = Enumerable.Range(0, 3000).Select(i => (float)Math.Sin(i * 0.37) * 10).ToArray();
        var x = Column(values);
        var binning = FeatureBinning.Fit(x, 64, 1000, seed: 3);
        var bins = binning.Transform(x);
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values.Length; j += 97)
            {
                if (values[i] < values[j])
                {
                    Assert.True(bins[i] <= bins[j]);
                }
            }
        }
    }

    private static Matrix Column(float[] values) => Matrix.FromRows(values.Select(v => new[] { v }).ToArray());
}
