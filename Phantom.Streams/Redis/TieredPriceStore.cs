using Phantom.Streams.Pricing;

namespace Phantom.Streams.Redis;

/// <summary>
/// The node's price store: every batch goes to the in-memory store first (the node's hot cache, which the pricing
/// API reads without a round trip and which keeps serving when Redis is down) and then to Redis. Reads by session
/// look in memory, then in Redis.
/// </summary>
public sealed class TieredPriceStore(InMemoryPriceStore hot, RedisPriceStore redis) : IPriceStore
{
    public InMemoryPriceStore Hot { get; } = hot ?? throw new ArgumentNullException(nameof(hot));

    public RedisPriceStore Redis { get; } = redis ?? throw new ArgumentNullException(nameof(redis));

    public void Write(ReadOnlySpan<PriceUpdate> batch)
    {
        Hot.Write(batch);
        Redis.Write(batch);
    }

    public void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records)
    {
        Hot.WriteGlobal(records);
        Redis.WriteGlobal(records);
    }

    public bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price) =>
        Hot.TryGetSessionPrice(sessionKey, productIndex, out price);

    public bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price) =>
        Hot.TryGetSessionPrice(sessionId, productIndex, out price) || Redis.TryGetSessionPrice(sessionId, productIndex, out price);

    public IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices() => Hot.LatestGlobalPrices();
}
