namespace Phantom.Streams.Pricing;

/// <summary>
/// Where prices go once decided: each session's price per product (CONTRACTS.md Redis <c>session:{id}:prices</c>)
/// and the latest global prices (<c>prices:latest</c>). Written in batches by shards (one call per batch, from several
/// shard threads at once) and by the global price step; read by the pricing API from any thread. Implementations
/// must be safe for all of these concurrently and must not keep the spans they are handed.
/// </summary>
public interface IPriceStore
{
    /// <summary>Stores a batch of session prices; a later update for the same session and product replaces the earlier.</summary>
    void Write(ReadOnlySpan<PriceUpdate> batch);

    /// <summary>Replaces the latest global prices.</summary>
    void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records);

    /// <summary>The last price stored for the session with this key (<see cref="Events.Utf8Hash.Of(ReadOnlySpan{byte})"/> of its id) and product.</summary>
    bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price);

    /// <summary>The last price stored for the session with this id and product.</summary>
    bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price);

    /// <summary>The latest global prices (empty before the first global step).</summary>
    IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices();
}
