namespace Phantom.Streams.Pricing;

/// <summary>
/// The <c>surge</c> tier, live storefront variant: a product's global price is base·Up when its q̃ ≥ High,
/// base·Down when q̃ ≤ Low, base otherwise. Relative to base, not compounding, so a product whose demand stays high
/// keeps one surge price rather than climbing each step. Sessions see the global price.
/// </summary>
public sealed class SurgePricingPolicy(byte id, SurgeOptions options) : IPricingPolicy
{
    private readonly SurgeOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => PolicyRegistry.Surge;

    public byte Id { get; } = id;

    public double GlobalPrice(in PricingInput input) =>
        input.ProductDemand >= _options.High ? input.BasePrice * _options.Up
        : input.ProductDemand <= _options.Low ? input.BasePrice * _options.Down
        : input.BasePrice;

    public double SessionPrice(in PricingInput input) => input.GlobalPrice;
}
