namespace Phantom.Streams.Pricing;

/// <summary>The <c>static</c> tier: every product at its base price, for every session.</summary>
public sealed class StaticPricingPolicy(byte id) : IPricingPolicy
{
    public string Name => PolicyRegistry.Static;

    public byte Id { get; } = id;

    public double GlobalPrice(in PricingInput input) => input.BasePrice;

    public double SessionPrice(in PricingInput input) => input.GlobalPrice;
}
