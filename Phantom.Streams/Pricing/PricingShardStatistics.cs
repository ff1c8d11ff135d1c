using Phantom.Streams.Events;

namespace Phantom.Streams.Pricing;

/// <summary>
/// One shard's pricing counters. Written only by that shard's worker thread (the shield and price-store stages of the
/// shard), with plain stores: no lock, no interlocked per event. <see cref="PricingStatistics.Snapshot"/> reads them
/// from another thread; 64-bit aligned loads are atomic, so a live snapshot is at worst a few events behind, and
/// exact once the shard has stopped.
/// </summary>
public sealed class PricingShardStatistics
{
    private const int Truths = 3;
    private const int Verdicts = 4;

    internal readonly long[] Priced = new long[Truths];
    internal readonly double[] PriceSum = new double[Truths];
    internal readonly double[] MarkupSum = new double[Truths];
    internal readonly long[] Verdict = new long[Verdicts];
    internal double CoiSum;
    internal long LikelyAgent;

    public PricingShardStatistics(int shard, double priceFloor)
    {
        Shard = shard;
        PriceFloor = priceFloor;
    }

    public int Shard { get; }

    /// <summary>p̲ that <c>coi_level</c> is measured above.</summary>
    public double PriceFloor { get; }

    /// <summary>Counts one price shown to a session of ground truth <paramref name="truth"/>.</summary>
    public void RecordPrice(GroundTruth truth, double price, double basePrice, double agentProbability)
    {
        if (agentProbability > 0.5)
        {
            LikelyAgent++;
        }

        var t = (int)truth < Truths ? (int)truth : 0;
        Priced[t]++;
        PriceSum[t] += price;
        MarkupSum[t] += basePrice > 0 ? price / basePrice : 1.0;
        CoiSum += price - PriceFloor;
    }

    /// <summary>Counts one shield decision (accepted or the reason for a fallback).</summary>
    public void RecordVerdict(ShieldVerdict verdict) => Verdict[(int)verdict < Verdicts ? (int)verdict : 0]++;
}
