using Phantom.Streams.Events;
using Phantom.Streams.Flow;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The <c>price-store</c> stage: collects the shard's priced events into a reused buffer and writes them to the
/// <see cref="IPriceStore"/> in one call at <see cref="EndBatch"/> (or earlier when the buffer fills: never dropped),
/// and counts every price shown in the shard's <see cref="PricingShardStatistics"/> by the session's ground truth.
/// </summary>
public sealed class PriceStoreStage : IFlowStage
{
    public const string StageName = "price-store";

    private readonly IPriceStore _store;
    private readonly PricingShardStatistics _statistics;
    private readonly PriceUpdate[] _pending;
    private int _count;

    public PriceStoreStage(IPriceStore store, PricingShardStatistics statistics, int bufferCapacity)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferCapacity);
        _pending = new PriceUpdate[bufferCapacity];
    }

    public string Name => StageName;

    /// <summary>Updates waiting for the next flush.</summary>
    public int Pending => _count;

    /// <summary>Factory for the stage registry; needs <see cref="IPriceStore"/> and <see cref="PricingStatistics"/>.</summary>
    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var services = shard.Services;
        return new PriceStoreStage(
            services.Get<IPriceStore>(),
            services.Get<PricingStatistics>().ForShard(shard.Shard),
            Math.Max(1, services.Options.Pipeline.BatchSize));
    }

    public void Process(ref EventContext context)
    {
        var session = context.Session;
        if (context.Stopped || !context.Price.HasPrice || session is null)
        {
            return;
        }

        ref readonly var d = ref context.Price;
        Add(
            new PriceUpdate(
                session.Key, session.SessionId, d.ProductIndex, d.Price, d.BasePrice, d.AgentProbability, d.Demand,
                d.PolicyId, d.ShieldFallback, context.Event.TimestampMs),
            session.Truth);
    }

    /// <summary>Queues one shown price for the next flush and counts it (what <see cref="Process"/> does per priced event).</summary>
    public void Add(in PriceUpdate update, GroundTruth truth)
    {
        _pending[_count++] = update;
        _statistics.RecordPrice(truth, update.Price, update.BasePrice, update.AgentProbability);
        if (_count == _pending.Length)
        {
            Flush();
        }
    }

    public void EndBatch() => Flush();

    private void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        _store.Write(_pending.AsSpan(0, _count));
        // Drop the session-id references so passivated sessions' strings are not kept alive by the buffer.
        Array.Clear(_pending, 0, _count);
        _count = 0;
    }
}
