namespace Phantom.Streams.Pricing;

/// <summary>
/// A live pricing policy (PHANTOM-MODEL.md section 6). Pricing happens in two steps: <see cref="GlobalPrice"/> sets
/// every product's price from the product demand vector on the global price step (one thread at a time), and
/// <see cref="SessionPrice"/> adjusts that price for one session on a shard's hot path (many shards at once, so it
/// must only read state). Neither step guarantees a sane number: the shield checks every result.
/// </summary>
public interface IPricingPolicy
{
    /// <summary>The registry name, e.g. <c>session-aware</c>.</summary>
    string Name { get; }

    /// <summary>The registry index stamped on <see cref="Flow.PriceDecision.PolicyId"/>.</summary>
    byte Id { get; }

    /// <summary>
    /// The product's global price. Called by the global price step only, never concurrently with itself or
    /// <see cref="Observe"/>. <see cref="PricingInput.GlobalPrice"/> holds the previous global price; session fields are 0.
    /// </summary>
    double GlobalPrice(in PricingInput input);

    /// <summary>The price one session sees for a product; hot path: no allocation, no locks, read-only.</summary>
    double SessionPrice(in PricingInput input);

    /// <summary>
    /// Feeds back one (price in effect, raw demand q̂ it met) pair per product and step, for policies that learn from
    /// it (elasticity). Called by the global price step before <see cref="GlobalPrice"/>.
    /// </summary>
    void Observe(int productIndex, double price, double demand)
    {
    }
}
