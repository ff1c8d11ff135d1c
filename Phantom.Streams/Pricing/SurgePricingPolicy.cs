namespace Phantom.Streams.Pricing;

/// <summary>
/// The <c>surge</c> tier, live storefront variant: a product's global price is base·Up when its demand ≥ High,
/// base·Down when ≤ Low, base otherwise; demand is q̃ or q̂ per <see cref="SurgeOptions.Basis"/>. Relative to base, not compounding, so a product whose demand stays high
/// keeps one surge price rather than climbing each step. Sessions see the global price.
/// </summary>
public sealed class SurgePricingPolicy : IPricingPolicy
{
    private readonly SurgeOptions _options;
    private readonly bool _raw;

    /// <exception cref="ArgumentException">A <see cref="SurgeOptions.Basis"/> other than <c>normalized</c> or <c>raw</c>.</exception>
    public SurgePricingPolicy(byte id, SurgeOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Id = id;
        _raw = options.Basis switch
        {
            "normalized" => false,
            "raw" => true,
            _ => throw new ArgumentException($"phantom.pricing.surge.basis '{options.Basis}' is unknown; use normalized or raw"),
        };
    }

    public string Name => PolicyRegistry.Surge;

    public byte Id { get; }

    public double GlobalPrice(in PricingInput input)
    {
        var demand = _raw ? input.RawDemand : input.ProductDemand;
        return demand >= _options.High ? input.BasePrice * _options.Up
            : demand <= _options.Low ? input.BasePrice * _options.Down
            : input.BasePrice;
    }

    public double SessionPrice(in PricingInput input) => input.GlobalPrice;
}
