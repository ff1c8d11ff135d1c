using Phantom.Streams.Catalog;

namespace Phantom.Cluster.Http;

/// <summary>One answer of the pricing provider (CONTRACTS.md <c>GET /api/{mode}/price/{productId}</c>).</summary>
/// <param name="Elasticity">|ε| of the elasticity policy for the product; null for other policies.</param>
/// <param name="ModelVersion">The policy's name and version, <c>global</c> or <c>base</c>; with <c>+redis-unavailable</c> when Redis was asked and did not answer.</param>
/// <param name="RedisUnavailable">Redis was consulted and did not answer (down or slow).</param>
public readonly record struct PriceAnswer(
    Product Product,
    double Price,
    PriceSource Source,
    double? Elasticity,
    string ModelVersion,
    bool RedisUnavailable)
{
    public double Markup => Product.BasePrice > 0 ? Price / Product.BasePrice : 1.0;
}
