using Phantom.Streams.Randomness;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

public class AliasTableTests
{
    [Fact]
    public void Build_Weights_ImpliedProbabilitiesMatch()
    {
        var table = new AliasTable(4);
        table.Build([1, 3, 0, 4]);
        Assert.Equal(0.125, table.ProbabilityOf(0), 12);
        Assert.Equal(0.375, table.ProbabilityOf(1), 12);
        Assert.Equal(0.0, table.ProbabilityOf(2), 12);
        Assert.Equal(0.5, table.ProbabilityOf(3), 12);
    }

    [Fact]
    public void Build_ZeroOrNonFiniteSum_IsUniform()
    {
        var table = new AliasTable(4);
        table.Build([0, 0, 0, 0]);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0.25, table.ProbabilityOf(i), 12));
        table.Build([1, double.PositiveInfinity, 0, 0]);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0.25, table.ProbabilityOf(i), 12));
    }

    [Fact]
    public void Sample_ManyDraws_FrequenciesFollowWeights()
    {
        var table = new AliasTable(3);
        table.Build([2, 0, 6]);
        var random = new SeededRandom(7);
        var counts = new int[3];
        for (var i = 0; i < 80_000; i++)
        {
            counts[table.Sample(random)]++;
        }

        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[0] / 80_000.0, 0.24, 0.26);
    }
}
