namespace Phantom.Training.Benchmark;

/// <summary>
/// The shape of one tier's benchmark, the quantities the thesis reports for its final cohort (PHANTOM-MODEL.md
/// section 7), computed from the nominal summary rows: how baseline revenue falls with α, what defending costs in
/// revenue, and in how many α cells the defended (robust) policy leaks less COI than the baseline.
/// </summary>
/// <param name="Tier">The pricing tier.</param>
/// <param name="BaselineCells">Nominal baseline cells (one per α).</param>
/// <param name="RevenueAtAlphaZero">Baseline mean episode revenue at α = 0, when that cell exists.</param>
/// <param name="RevenueAtAlphaOne">Baseline mean episode revenue at α = 1, when that cell exists.</param>
/// <param name="Slope">OLS slope of baseline revenue on α (NaN with fewer than two α values).</param>
/// <param name="RSquared">R² of that fit (NaN when undefined).</param>
/// <param name="PairedCells">α cells with both a baseline and a robust nominal row.</param>
/// <param name="MeanDefendedRevenueChangePercent">Mean over paired cells of 100·(robust − baseline)/baseline revenue.</param>
/// <param name="LeakageLowerCells">Paired cells where the robust policy's mean COI leakage is below the baseline's.</param>
public sealed record BenchmarkShape(
    string Tier,
    int BaselineCells,
    double? RevenueAtAlphaZero,
    double? RevenueAtAlphaOne,
    double Slope,
    double RSquared,
    int PairedCells,
    double MeanDefendedRevenueChangePercent,
    int LeakageLowerCells)
{
    /// <summary>Baseline revenue at α = 1 as a share of α = 0 (the thesis: 0.73), when both cells exist.</summary>
    public double? RevenueRatio => RevenueAtAlphaZero is > 0 && RevenueAtAlphaOne is { } one ? one / RevenueAtAlphaZero : null;

    /// <summary>One shape per tier, in the order tiers first appear in <paramref name="summary"/>.</summary>
    public static IReadOnlyList<BenchmarkShape> Compute(IReadOnlyList<BenchmarkSummaryRow> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var shapes = new List<BenchmarkShape>();
        foreach (var tier in summary.Select(r => r.Tier).Distinct())
        {
            var baseline = Nominal(summary, tier, "baseline");
            var robust = Nominal(summary, tier, "robust");
            var (slope, r2) = Fit(baseline);

            var paired = 0;
            var changeSum = 0.0;
            var lower = 0;
            foreach (var b in baseline)
            {
                var r = robust.FirstOrDefault(x => SameAlpha(x.TrainAlpha, b.TrainAlpha));
                if (r is null)
                {
                    continue;
                }

                paired++;
                changeSum += b.MeanRevenue != 0 ? 100.0 * (r.MeanRevenue - b.MeanRevenue) / b.MeanRevenue : 0.0;
                lower += r.MeanCoiLeakage < b.MeanCoiLeakage ? 1 : 0;
            }

            shapes.Add(new BenchmarkShape(
                tier,
                baseline.Count,
                baseline.FirstOrDefault(x => SameAlpha(x.TrainAlpha, 0.0))?.MeanRevenue,
                baseline.FirstOrDefault(x => SameAlpha(x.TrainAlpha, 1.0))?.MeanRevenue,
                slope,
                r2,
                paired,
                paired > 0 ? changeSum / paired : double.NaN,
                lower));
        }

        return shapes;
    }

    private static List<BenchmarkSummaryRow> Nominal(IReadOnlyList<BenchmarkSummaryRow> summary, string tier, string mode) =>
        summary.Where(r => r.Tier == tier && r.Mode == mode && r.Stress == "nominal").OrderBy(r => r.TrainAlpha).ToList();

    private static bool SameAlpha(double a, double b) => Math.Abs(a - b) < 1e-9;

    private static (double Slope, double RSquared) Fit(List<BenchmarkSummaryRow> rows)
    {
        if (rows.Count < 2)
        {
            return (double.NaN, double.NaN);
        }

        var mx = rows.Average(r => r.TrainAlpha);
        var my = rows.Average(r => r.MeanRevenue);
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var r in rows)
        {
            var dx = r.TrainAlpha - mx;
            var dy = r.MeanRevenue - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        if (sxx <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var slope = sxy / sxx;
        var r2 = syy > 0 ? sxy * sxy / (sxx * syy) : double.NaN;
        return (slope, r2);
    }
}
