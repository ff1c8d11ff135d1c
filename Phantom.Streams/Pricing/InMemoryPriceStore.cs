using Phantom.Streams.Collections;
using Phantom.Streams.Events;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The embedded price store: each session's latest price per product, plus the latest global prices. Like Redis's
/// <c>session:{id}:prices</c> hash (CONTRACTS.md), the TTL belongs to the session, not to each price: all of a
/// session's prices expire together <see cref="Ttl"/> (event time) after the session was last priced, and pricing it
/// again refreshes them all. A session that comes back after expiring starts empty, as a new Redis hash would.
/// <para>
/// Striped by the same partitioning as the shards, so a shard's batch lands in one stripe and takes one uncontended
/// lock; entries live in flat tables (no object per price). Each stripe keeps a small side table of sessions (last
/// write, and a "life" number that changes when an expired session comes back); a price is visible while its
/// session's entry is live and of the same life. Expiry sweeps a few slots of both tables per write instead of
/// scanning everything, and a price whose session expired reads as absent before the sweep reaches it.
/// </para>
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

    /// <param name="ttl">How long a session's prices outlive its last write (event time); 1800 s by default.</param>
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
    public int Count => SumOverStripes(stripe => stripe.Prices.Count, retireFirst: true);

    /// <summary>Sessions with live prices now (expired ones are retired first: O(capacity), for diagnostics).</summary>
    public int SessionCount => SumOverStripes(stripe => stripe.Sessions.Count, retireFirst: true);

    /// <summary>Prices in the tables now, expired or not (no retiring first): what the incremental sweep has left.</summary>
    internal int HeldPrices => SumOverStripes(stripe => stripe.Prices.Count, retireFirst: false);

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
        return TryGet(Utf8Hash.Of(sessionId), productIndex, sessionId, out price); // Of(string) hashes on the stack
    }

    private bool TryGet(ulong sessionKey, int productIndex, string sessionId, out PriceUpdate price)
    {
        var stripe = _stripes[StripeOf(sessionKey)];
        StoredPrice stored;
        long stamp;
        lock (stripe.Lock)
        {
            var slot = stripe.Prices.Find(new PriceKey(sessionKey, productIndex));
            if (slot < 0)
            {
                price = default;
                return false;
            }

            stored = stripe.Prices.ValueAt(slot);
            stamp = stripe.Prices.StampAt(slot);
            if (!stripe.IsLive(sessionKey, stored.Life, stripe.ExpiredBefore(_ttlMs)))
            {
                price = default;
                return false;
            }
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

    /// <summary>
    /// A price without its session id string: no reference in a slot, so the tables cost the GC nothing to trace.
    /// <paramref name="Life"/> is the session's life it was written in (a later life does not see it).
    /// </summary>
    private readonly record struct StoredPrice(double Price, double BasePrice, double AgentProbability, double Demand, byte PolicyId, bool ShieldFallback, uint Life);

    private int SumOverStripes(Func<Stripe, int> count, bool retireFirst)
    {
        var sum = 0;
        foreach (var stripe in _stripes)
        {
            lock (stripe.Lock)
            {
                if (retireFirst)
                {
                    stripe.RetireExpired(_ttlMs);
                }

                sum += count(stripe);
            }
        }

        return sum;
    }

    private sealed class Stripe
    {
        public readonly Lock Lock = new();
        public readonly StampedTable<PriceKey, StoredPrice, PriceKeyHasher> Prices = new();

        /// <summary>Per session: stamp = its newest priced event time (the TTL's start), value = its current life.</summary>
        public readonly StampedTable<ulong, uint, IdentityHasher> Sessions = new();

        private long _newestMs = long.MinValue;

        // Lives only need to differ between a session's consecutive lives while its old prices may still be in the
        // table; the sweep retires those long before a 32-bit counter could wrap back to the same number.
        private uint _lives;
        private int _priceCursor;

        public void Put(in PriceUpdate update, long ttlMs)
        {
            if (update.TimestampMs > _newestMs)
            {
                _newestMs = update.TimestampMs;
            }

            var cutoff = ExpiredBefore(ttlMs);
            var life = Refresh(update.SessionKey, update.TimestampMs, cutoff);
            Prices.Set(
                new PriceKey(update.SessionKey, update.ProductIndex),
                new StoredPrice(update.Price, update.BasePrice, update.AgentProbability, update.Demand, update.PolicyId, update.ShieldFallback, life),
                update.TimestampMs);
            Sessions.Sweep(SweepPerWrite, cutoff, retire: null);
            SweepPrices(SweepPerWrite, cutoff);
        }

        /// <summary>Prices (and sessions) stamped before this are expired, whether or not the sweep has retired them yet.</summary>
        public long ExpiredBefore(long ttlMs) => _newestMs == long.MinValue ? long.MinValue : _newestMs - ttlMs;

        /// <summary>Whether a price written in <paramref name="life"/> of session <paramref name="sessionKey"/> is visible.</summary>
        public bool IsLive(ulong sessionKey, uint life, long cutoff)
        {
            var slot = Sessions.Find(sessionKey);
            return slot >= 0 && Sessions.ValueAt(slot) == life && Sessions.StampAt(slot) >= cutoff;
        }

        /// <summary>Retires every expired session and every price of an expired (or earlier) life: O(capacity).</summary>
        public void RetireExpired(long ttlMs)
        {
            var cutoff = ExpiredBefore(ttlMs);
            Sessions.RemoveAll(cutoff, retire: null);
            for (var i = 0; i < Prices.Capacity;)
            {
                if (Prices.TryGetKeyAt(i, out var key) && !IsLive(key.Session, Prices.ValueAt(i).Life, cutoff))
                {
                    Prices.Remove(key);
                    continue; // backward shift may have moved a later entry into this slot
                }

                i++;
            }
        }

        /// <summary>The session's TTL restarts at <paramref name="timestampMs"/>; a new life when it had expired (or never lived).</summary>
        private uint Refresh(ulong sessionKey, long timestampMs, long cutoff)
        {
            var slot = Sessions.Find(sessionKey);
            if (slot < 0)
            {
                var life = ++_lives;
                Sessions.Add(sessionKey, life, timestampMs);
                return life;
            }

            ref var current = ref Sessions.ValueAt(slot);
            var stamp = Sessions.StampAt(slot);
            if (stamp < cutoff)
            {
                // Expired but not swept yet: its old prices must stay invisible, as a Redis hash that expired is gone.
                current = ++_lives;
                Sessions.Stamp(slot, timestampMs);
            }
            else if (timestampMs > stamp)
            {
                // Max, not last: an out-of-order event must not shorten the session's TTL.
                Sessions.Stamp(slot, timestampMs);
            }

            return current;
        }

        /// <summary>The next <paramref name="slots"/> slots of a cycle through the price table: retires prices whose session is not live.</summary>
        private void SweepPrices(int slots, long cutoff)
        {
            for (var examined = 0; examined < slots && Prices.Count > 0; examined++)
            {
                var index = _priceCursor;
                // A price stamped at or after the cutoff is of its session's current life (the session's stamp is at
                // least the price's and cannot have fallen behind the cutoff since): only older prices need the
                // session lookup, a random read per examined slot.
                if (Prices.TryGetKeyAt(index, out var key) && Prices.StampAt(index) < cutoff && !IsLive(key.Session, Prices.ValueAt(index).Life, cutoff))
                {
                    Prices.Remove(key);
                    continue; // backward shift may have moved a later entry into this slot: look at it again
                }

                _priceCursor = (index + 1) & (Prices.Capacity - 1);
            }
        }
    }
}
