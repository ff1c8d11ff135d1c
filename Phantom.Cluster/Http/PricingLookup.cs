using Phantom.Streams.Catalog;
using Phantom.Streams.Events;
using Phantom.Streams.Hosting;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;

namespace Phantom.Cluster.Http;

/// <summary>
/// The pricing provider's lookup order (CONTRACTS.md): the session's price for the product from the node's hot cache,
/// then from Redis, then the product's latest global price, then its base price.
/// <para>
/// The hot cache is the runtime's in-memory price store, which holds every session's last quoted price per product
/// (the same figure as the entity's QuotedPrice, written at each batch end). The session entities themselves are
/// not read: their tables are single-writer shard state, and a reader on an HTTP thread could see a torn entry.
/// </para>
/// </summary>
public sealed class PricingLookup
{
    private readonly PhantomRuntime _runtime;
    private readonly IPriceStore _hot;
    private readonly RedisPriceStore? _redis;
    private string _modelVersion = "builtin";

    // "{policy}@{version}" per policy id, built once per model version instead of concatenated on every answer.
    private string?[] _versionedByPolicy = new string?[256];

    /// <param name="redis">Null when the node runs without Redis (embedded): the lookup skips that step.</param>
    /// <param name="hot">The node's in-memory price store, when the runtime's store wraps it (Redis, Kafka); found from a <see cref="TieredPriceStore"/> otherwise.</param>
    public PricingLookup(PhantomRuntime runtime, RedisPriceStore? redis, IPriceStore? hot = null)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _hot = hot ?? (runtime.PriceStore is TieredPriceStore tiered ? tiered.Hot : runtime.PriceStore);
        _redis = redis;
    }

    /// <summary>The serving model's version, reported as <c>{policy}@{version}</c> for session prices.</summary>
    public string ModelVersion
    {
        get => Volatile.Read(ref _modelVersion);
        set
        {
            Volatile.Write(ref _modelVersion, value ?? throw new ArgumentNullException(nameof(value)));
            Volatile.Write(ref _versionedByPolicy, new string?[256]);
        }
    }

    public ProductCatalog Catalog => _runtime.Catalog;

    /// <summary>The product called <paramref name="productId"/> in the store <paramref name="mode"/>, if the catalog has it.</summary>
    public bool TryFindProduct(StoreMode mode, string productId, out Product product) =>
        _runtime.Catalog.TryGet(productId, out product) && product.Mode == mode;

    /// <summary>Prices <paramref name="product"/> for <paramref name="sessionId"/> (null or empty: no session) in lookup order.</summary>
    public async ValueTask<PriceAnswer> PriceAsync(Product product, string? sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        var policy = _runtime.Prices.Policy;
        var elasticity = policy is ElasticityPricingPolicy e ? e.Elasticity(product.Index) : (double?)null;
        var redisUnavailable = false;
        if (!string.IsNullOrEmpty(sessionId))
        {
            if (_hot.TryGetSessionPrice(sessionId, product.Index, out var quoted))
            {
                return new PriceAnswer(product, quoted.Price, PriceSource.Cache, elasticity, Versioned(quoted.PolicyId), false);
            }

            if (_redis is not null)
            {
                var read = await _redis.ReadSessionPriceAsync(sessionId, product.Id, cancellationToken).ConfigureAwait(false);
                if (read.Status == RedisReadStatus.Found)
                {
                    return new PriceAnswer(product, read.Price, PriceSource.Redis, elasticity, Versioned(policy.Name), false);
                }

                redisUnavailable = read.Status == RedisReadStatus.Unavailable;
            }
        }

        var suffix = redisUnavailable ? "+redis-unavailable" : "";
        if (_runtime.Prices.Version > 0 && _runtime.Prices.Price(product.Index) is var global && double.IsFinite(global) && global > 0)
        {
            return new PriceAnswer(product, global, PriceSource.Global, elasticity, "global" + suffix, redisUnavailable);
        }

        return new PriceAnswer(product, product.BasePrice, PriceSource.Base, elasticity, "base" + suffix, redisUnavailable);
    }

    private string Versioned(string policy) => string.Concat(policy, "@", ModelVersion);

    private string Versioned(byte policyId)
    {
        var cache = Volatile.Read(ref _versionedByPolicy);
        // A race with a version change at worst stores the old string in the discarded array or builds it twice.
        return cache[policyId] ??= Versioned(PolicyRegistry.NameOf(policyId));
    }
}
