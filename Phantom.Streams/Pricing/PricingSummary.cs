using Phantom.Streams.Events;

namespace Phantom.Streams.Pricing;

/// <summary>
/// Totals of the pricing stages over all shards at one moment. Arrays are indexed by <see cref="GroundTruth"/>
/// (Unknown, Human, Agent).
/// </summary>
public sealed record PricingSummary(
    long[] PricedByTruth,
    double[] PriceSumByTruth,
    double[] MarkupSumByTruth,
    double CoiSum,
    double PriceFloor,
    long ShieldChecks,
    long FallbackNonFinite,
    long FallbackOutOfBounds,
    long FallbackChangeTooLarge,
    long PricedAsLikelyAgent)
{
    /// <summary>Prices shown (events that priced a product).</summary>
    public long PricedEvents => PricedByTruth.Sum();

    public long ShieldFallbacks => FallbackNonFinite + FallbackOutOfBounds + FallbackChangeTooLarge;

    /// <summary>Share of prices shown to sessions the live detector scored above one half; NaN before the first.</summary>
    public double LikelyAgentShare => PricedEvents > 0 ? (double)PricedAsLikelyAgent / PricedEvents : double.NaN;

    /// <summary><c>coi_level</c> = mean(p) − p̲ over every price shown; 0 before the first.</summary>
    public double CoiLevel => PricedEvents > 0 ? CoiSum / PricedEvents : 0;

    /// <summary>Mean price shown to sessions of this ground truth; NaN when none was priced.</summary>
    public double MeanPrice(GroundTruth truth) => Ratio(PriceSumByTruth[(int)truth], PricedByTruth[(int)truth]);

    /// <summary>Mean price/base shown to sessions of this ground truth; NaN when none was priced.</summary>
    public double MeanMarkup(GroundTruth truth) => Ratio(MarkupSumByTruth[(int)truth], PricedByTruth[(int)truth]);

    private static double Ratio(double sum, long count) => count > 0 ? sum / count : double.NaN;
}
