using Phantom.Training.Benchmark;

namespace Phantom.Tests.Training.Benchmark;

public class BenchmarkShapeTests
{
    private static BenchmarkSummaryRow Row(string tier, string mode, double alpha, double revenue, double leakage, string stress = "nominal") =>
        new(tier, mode, alpha, alpha, stress, 1, revenue, revenue, 0, 0, 0, leakage, 0, 100);

    [Fact]
    public void Compute_HandMadeSummary_RatioSlopeDefendedChangeAndLeakageCells()
    {
        BenchmarkSummaryRow[] summary =
        [
            Row("ppo", "baseline", 0.0, 100, 0.50),
            Row("ppo", "baseline", 0.5, 90, 0.52),
            Row("ppo", "baseline", 1.0, 70, 0.54),
            Row("ppo", "baseline", 0.5, 1_000, 0.0, stress: "plus"), // stress rows are ignored
            Row("ppo", "robust", 0.0, 95, 0.49),
            Row("ppo", "robust", 0.5, 81, 0.53),
            Row("ppo", "robust", 1.0, 70, 0.53),
            Row("static", "baseline", 0.0, 10, 0.5),
        ];

        var shapes = BenchmarkShape.Compute(summary);

        Assert.Equal(["ppo", "static"], shapes.Select(s => s.Tier));
        var ppo = shapes[0];
        Assert.Equal(3, ppo.BaselineCells);
        Assert.Equal(0.70, ppo.RevenueRatio!.Value, 12);
        // OLS on (0, 100), (0.5, 90), (1, 70): x̄ = 0.5, ȳ = 86.667, Sxy = -15, Sxx = 0.5 → slope -30;
        // Syy = 177.78 + 11.11 + 277.78 = 466.67 → R² = 225 / (0.5 · 466.67) = 0.9643.
        Assert.Equal(-30, ppo.Slope, 9);
        Assert.Equal(225.0 / (0.5 * 466.6666666666667), ppo.RSquared, 9);
        Assert.Equal(3, ppo.PairedCells);
        Assert.Equal((-5.0 - 10.0 + 0.0) / 3, ppo.MeanDefendedRevenueChangePercent, 9);
        Assert.Equal(2, ppo.LeakageLowerCells);

        var single = shapes[1];
        Assert.Null(single.RevenueRatio);
        Assert.True(double.IsNaN(single.Slope));
        Assert.Equal(0, single.PairedCells);
    }
}
