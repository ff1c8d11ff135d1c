namespace Phantom.Streams.Pricing;

/// <summary>
/// The live <c>elasticity</c> tier: p = base·(1 + sensitivity·|ε|·(q − q̄)/(q̄ + 1e-6)), with q the product's q̃, q̄
/// the mean q̃, and ε the product's own log-log slope of demand on price, learnt from the (price, q̂) pairs the global
/// step observes; <see cref="ElasticityOptions.DefaultElasticity"/> until <see cref="ElasticityOptions.MinObservations"/>
/// pairs (or while the slope is undefined because the price never moved). Sessions see the global price.
/// </summary>
public sealed class ElasticityPricingPolicy : IPricingPolicy
{
    private readonly ElasticityOptions _options;
    private readonly LogLogSlopeEstimator[] _estimators;

    public ElasticityPricingPolicy(byte id, ElasticityOptions options, int productCapacity)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(productCapacity);
        Id = id;
        _estimators = new LogLogSlopeEstimator[productCapacity];
        for (var i = 0; i < _estimators.Length; i++)
        {
            _estimators[i] = new LogLogSlopeEstimator();
        }
    }

    public string Name => PolicyRegistry.Elasticity;

    public byte Id { get; }

    /// <summary>|ε| the policy uses for a product now.</summary>
    public double Elasticity(int productIndex)
    {
        if ((uint)productIndex < (uint)_estimators.Length)
        {
            var estimator = _estimators[productIndex];
            if (estimator.Count >= _options.MinObservations && estimator.TryGetSlope(out var slope))
            {
                return Math.Abs(slope);
            }
        }

        return Math.Abs(_options.DefaultElasticity);
    }

    public void Observe(int productIndex, double price, double demand)
    {
        if ((uint)productIndex < (uint)_estimators.Length)
        {
            _estimators[productIndex].Add(price, demand);
        }
    }

    public double GlobalPrice(in PricingInput input) =>
        input.BasePrice * (1.0 + (_options.Sensitivity * Elasticity(input.ProductIndex)
            * (input.ProductDemand - input.MeanDemand) / (input.MeanDemand + 1e-6)));

    public double SessionPrice(in PricingInput input) => input.GlobalPrice;
}
