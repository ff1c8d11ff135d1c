using Phantom.Cluster.Dashboard;

namespace Phantom.Tests.Dashboard;

public sealed class AgentHistogramTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.049, 0)]
    [InlineData(0.05, 1)]
    [InlineData(0.5, 10)]
    [InlineData(0.999, 19)]
    [InlineData(1.0, 19)]
    [InlineData(-0.2, 0)]
    [InlineData(3.0, 19)]
    public void BinOf_Probability_FallsInItsFixedBin(double probability, int bin) =>
        Assert.Equal(bin, AgentHistogram.BinOf(probability));

    [Fact]
    public void Add_NonFinite_CountedApartNotBinned()
    {
        var histogram = new AgentHistogram();
        histogram.Add(double.NaN);
        histogram.Add(double.PositiveInfinity);
        histogram.Add(0.7);

        Assert.Equal(2, histogram.Invalid);
        Assert.Equal(1, histogram.Total);
        Assert.Equal(1, histogram.ToArray().Sum());
        Assert.Equal(1, histogram[AgentHistogram.BinOf(0.7)]);
    }

    [Fact]
    public void Clear_AfterAdds_EmptiesEveryBin()
    {
        var histogram = new AgentHistogram();
        for (var i = 0; i <= 100; i++)
        {
            histogram.Add(i / 100.0);
        }

        Assert.Equal(101, histogram.Total);
        histogram.Clear();

        Assert.Equal(0, histogram.Total);
        Assert.All(histogram.ToArray(), count => Assert.Equal(0, count));
    }

    [Fact]
    public void ToArray_LaterAdds_DoNotChangeTheCopy()
    {
        var histogram = new AgentHistogram();
        histogram.Add(0.1);
        var copy = histogram.ToArray();
        histogram.Add(0.1);

        Assert.Equal(1, copy[AgentHistogram.BinOf(0.1)]);
        Assert.Equal(AgentHistogram.Bins, copy.Length);
    }
}
