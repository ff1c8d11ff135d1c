namespace Phantom.Streams.Pricing;

/// <summary>
/// The pricing counters of a pipeline: one <see cref="PricingShardStatistics"/> per shard (single writer each), summed
/// on demand by <see cref="Snapshot"/> for the demo's progress line and its final summary. Thread-safe.
/// </summary>
public sealed class PricingStatistics(double priceFloor)
{
    private readonly Lock _lock = new();
    private PricingShardStatistics[] _shards = [];

    public PricingStatistics(PricingOptions options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).PriceFloor)
    {
    }

    public double PriceFloor { get; } = priceFloor;

    /// <summary>The shard's counters, created on first request; stages call this once, when they are created.</summary>
    public PricingShardStatistics ForShard(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        lock (_lock)
        {
            foreach (var existing in _shards)
            {
                if (existing.Shard == shard)
                {
                    return existing;
                }
            }

            var created = new PricingShardStatistics(shard, PriceFloor);
            // Copy-on-write so Snapshot can walk the array without the lock.
            Volatile.Write(ref _shards, [.. _shards, created]);
            return created;
        }
    }

    /// <summary>Sums every shard's counters now.</summary>
    public PricingSummary Snapshot()
    {
        var priced = new long[3];
        var priceSum = new double[3];
        var markupSum = new double[3];
        var verdicts = new long[4];
        var coi = 0.0;
        long likelyAgent = 0;
        foreach (var shard in Volatile.Read(ref _shards))
        {
            for (var t = 0; t < 3; t++)
            {
                priced[t] += Volatile.Read(ref shard.Priced[t]);
                priceSum[t] += Volatile.Read(ref shard.PriceSum[t]);
                markupSum[t] += Volatile.Read(ref shard.MarkupSum[t]);
            }

            for (var v = 0; v < 4; v++)
            {
                verdicts[v] += Volatile.Read(ref shard.Verdict[v]);
            }

            coi += Volatile.Read(ref shard.CoiSum);
            likelyAgent += Volatile.Read(ref shard.LikelyAgent);
        }

        return new PricingSummary(
            priced, priceSum, markupSum, coi, PriceFloor, verdicts.Sum(),
            verdicts[(int)ShieldVerdict.NonFinite], verdicts[(int)ShieldVerdict.OutOfBounds], verdicts[(int)ShieldVerdict.ChangeTooLarge], likelyAgent);
    }
}
