using Phantom.Streams.Collections;
using Phantom.Streams.Events;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The embedded price store: each session's latest price per product, expiring after <see cref="Ttl"/> of event time
/// (Redis's TTL in node mode), plus the latest global prices. Striped by the same partitioning as the shards, so a
/// shard's batch lands in one stripe and takes one uncontended lock; entries live in flat tables (no object per price),
/// and expiry sweeps a few slots per write instead of scanning everything.
/// </summary>
public sealed class InMemoryPriceStore : IPriceStore
{
    /// <summary>Slots of the expiry sweep examined per written price.</summary>
    private const int SweepPerWrite = 2;

    /// <summary>Puts ahead whose table slot <see cref="Write"/> prefetches.</summary>
    private const int PrefetchAhead = 8;

    private readonly Stripe[] _stripes;
    private readonly long _ttlMs;
    private IReadOnlyList<GlobalPriceRecord> _global = [];
    private long _written;
    private long _batches;

    /// <param name="ttl">How long a price outlives its session's last write (event time); 1800 s by default.</param>
    /// <param name="stripes">Independent stripes; give the pipeline's partition count so each shard writes one.</param>
    public InMemoryPriceStore(TimeSpan? ttl = null, int stripes = 1)
    {
        Ttl = ttl ?? TimeSpan.FromSeconds(1800);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stripes);
        _ttlMs = (long)Ttl.TotalMilliseconds;
        _stripes = Enumerable.Range(0, stripes).Select(_ => new Stripe()).ToArray();
    }

    public TimeSpan Ttl { get; }

    /// <summary>Session prices held now (expired ones are retired first: O(capacity), for diagnostics).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var stripe in _stripes)
            {
                lock (stripe.Lock)
                {
                    stripe.Prices.RemoveAll(stripe.ExpiredBefore(_ttlMs), retire: null);
                    count += stripe.Prices.Count;
                }
            }

            return count;
        }
    }

    public long Written => Interlocked.Read(ref _written);

    public long Batches => Interlocked.Read(ref _batches);

    public void Write(ReadOnlySpan<PriceUpdate> batch)
    {
        var i = 0;
        while (i < batch.Length)
        {
            // A run of updates for one stripe under one lock: with stripes = partitions, the whole batch of a shard.
            var stripe = _stripes[StripeOf(batch[i].SessionKey)];
            lock (stripe.Lock)
            {
                do
                {
                    // Every put lands on a random slot of a large table: start loading the slot of a put a few
                    // places ahead so the cache misses overlap instead of queueing one after another.
                    if (i + PrefetchAhead < batch.Length)
                    {
                        ref readonly var ahead = ref batch[i + PrefetchAhead];
                        stripe.Prices.Prefetch(new PriceKey(ahead.SessionKey, ahead.ProductIndex));
                    }

                    ref readonly var update = ref batch[i];
                    stripe.Put(update, _ttlMs);
                    i++;
                }
                while (i < batch.Length && ReferenceEquals(_stripes[StripeOf(batch[i].SessionKey)], stripe));
            }
        }

        if (!batch.IsEmpty)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _written, batch.Length);
        }
    }

    public void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Volatile.Write(ref _global, records);
    }

    public IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices() => Volatile.Read(ref _global);

    public bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price) =>
        TryGet(sessionKey, productIndex, "", out price);

    public bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return TryGet(Utf8Hash.Of(sessionId), productIndex, sessionId, out price);
    }

    private bool TryGet(ulong sessionKey, int productIndex, string sessionId, out PriceUpdate price)
    {
        var stripe = _stripes[StripeOf(sessionKey)];
        StoredPrice stored;
        long stamp;
        lock (stripe.Lock)
        {
            var slot = stripe.Prices.Find(new PriceKey(sessionKey, productIndex));
            if (slot < 0 || stripe.Prices.StampAt(slot) < stripe.ExpiredBefore(_ttlMs))
            {
                price = default;
                return false;
            }

            stored = stripe.Prices.ValueAt(slot);
            stamp = stripe.Prices.StampAt(slot);
        }

        price = new PriceUpdate(sessionKey, sessionId, productIndex, stored.Price, stored.BasePrice, stored.AgentProbability,
            stored.Demand, stored.PolicyId, stored.ShieldFallback, stamp);
        return true;
    }

    private int StripeOf(ulong sessionKey) => _stripes.Length == 1 ? 0 : Utf8Hash.Partition(sessionKey, _stripes.Length);

    private readonly record struct PriceKey(ulong Session, int Product);

    private readonly struct PriceKeyHasher : IKeyHasher<PriceKey>
    {
        public ulong Hash(PriceKey key) => key.Session ^ ((ulong)(uint)key.Product * 0xC2B2AE3D27D4EB4FUL);
    }

    /// <summary>A price without its session id string: no reference in a slot, so the tables cost the GC nothing to trace.</summary>
    private readonly record struct StoredPrice(double Price, double BasePrice, double AgentProbability, double Demand, byte PolicyId, bool ShieldFallback);

    private sealed class Stripe
    {
        public readonly Lock Lock = new();
        public readonly StampedTable<PriceKey, StoredPrice, PriceKeyHasher> Prices = new();
        private long _newestMs = long.MinValue;

        public void Put(in PriceUpdate update, long ttlMs)
        {
            Prices.Set(
                new PriceKey(update.SessionKey, update.ProductIndex),
                new StoredPrice(update.Price, update.BasePrice, update.AgentProbability, update.Demand, update.PolicyId, update.ShieldFallback),
                update.TimestampMs);
            if (update.TimestampMs > _newestMs)
            {
                _newestMs = update.TimestampMs;
            }

            Prices.Sweep(SweepPerWrite, ExpiredBefore(ttlMs), retire: null);
        }

        /// <summary>Prices stamped before this are expired, whether or not the sweep has retired them yet.</summary>
        public long ExpiredBefore(long ttlMs) => _newestMs == long.MinValue ? long.MinValue : _newestMs - ttlMs;
    }
}
