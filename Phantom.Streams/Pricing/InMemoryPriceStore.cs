using Phantom.Streams.Events;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The embedded <see cref="IPriceStore"/>: a dictionary under one lock taken once per batch (never per event) and per
/// read. Entries expire like the Redis hash's TTL, on event time: an entry not rewritten for <see cref="Ttl"/> is
/// dropped by a sweep that runs when the newest event time has moved a quarter TTL, so memory follows live sessions.
/// </summary>
public sealed class InMemoryPriceStore : IPriceStore
{
    private readonly Dictionary<(ulong Session, int Product), PriceUpdate> _prices = new();
    private readonly Lock _lock = new();
    private readonly long _ttlMs;
    private IReadOnlyList<GlobalPriceRecord> _global = [];
    private long _newestMs = long.MinValue;
    private long _lastSweepMs = long.MinValue;
    private long _written;

    /// <param name="ttl">How long a session's price lives without a rewrite; default 1800 s as in CONTRACTS.md.</param>
    public InMemoryPriceStore(TimeSpan? ttl = null)
    {
        Ttl = ttl ?? TimeSpan.FromSeconds(1800);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Ttl, TimeSpan.Zero);
        _ttlMs = (long)Ttl.TotalMilliseconds;
    }

    public TimeSpan Ttl { get; }

    /// <summary>Session prices held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _prices.Count;
            }
        }
    }

    /// <summary>Updates written since creation.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Batches written since creation (a test of the batching contract).</summary>
    public long Batches { get; private set; }

    public void Write(ReadOnlySpan<PriceUpdate> batch)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            foreach (ref readonly var update in batch)
            {
                _prices[(update.SessionKey, update.ProductIndex)] = update;
                if (update.TimestampMs > _newestMs)
                {
                    _newestMs = update.TimestampMs;
                }
            }

            Batches++;
            if (_lastSweepMs == long.MinValue)
            {
                _lastSweepMs = _newestMs;
            }
            else if (_newestMs - _lastSweepMs >= _ttlMs / 4)
            {
                Sweep();
            }
        }

        Interlocked.Add(ref _written, batch.Length);
    }

    public void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Volatile.Write(ref _global, records);
    }

    public IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices() => Volatile.Read(ref _global);

    public bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price)
    {
        lock (_lock)
        {
            return _prices.TryGetValue((sessionKey, productIndex), out price);
        }
    }

    public bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return TryGetSessionPrice(Utf8Hash.Of(sessionId), productIndex, out price);
    }

    private void Sweep()
    {
        var cutoff = _newestMs - _ttlMs;
        List<(ulong, int)>? expired = null;
        foreach (var (key, update) in _prices)
        {
            if (update.TimestampMs < cutoff)
            {
                (expired ??= []).Add(key);
            }
        }

        if (expired is not null)
        {
            foreach (var key in expired)
            {
                _prices.Remove(key);
            }
        }

        _lastSweepMs = _newestMs;
    }
}
