namespace Phantom.Cluster.Http;

/// <summary>Where a pricing answer came from, in CONTRACTS.md lookup order.</summary>
public enum PriceSource : byte
{
    /// <summary>The node's hot cache: the session's last quoted price for the product, in the node's memory.</summary>
    Cache,

    /// <summary>The session's hash in Redis (a price another node, or this node before a restart, quoted).</summary>
    Redis,

    /// <summary>The product's latest global price.</summary>
    Global,

    /// <summary>The catalog's base price (no session price, no global step yet).</summary>
    Base,
}
