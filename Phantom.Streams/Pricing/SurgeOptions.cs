namespace Phantom.Streams.Pricing;

/// <summary><c>phantom.pricing.surge</c>: the storefront's surge tier over a product's normalised demand q̃ (0..100).</summary>
public sealed class SurgeOptions
{
    /// <summary>q̃ at or above which the price is raised.</summary>
    public double High { get; set; } = 60;

    /// <summary>q̃ at or below which the price is lowered.</summary>
    public double Low { get; set; } = 30;

    /// <summary>Multiplier when demand is high.</summary>
    public double Up { get; set; } = 1.2;

    /// <summary>
    /// What High and Low compare against: <c>normalized</c> (q̃, the product's share of all demand, 0..100) or
    /// <c>raw</c> (the product's decayed q̂, the storefront's original signal). With many products each q̃ is small
    /// (224 demo products average under 0.5), so <c>raw</c> suits large catalogs.
    /// </summary>
    public string Basis { get; set; } = "normalized";

    /// <summary>Multiplier when demand is low.</summary>
    public double Down { get; set; } = 0.9;
}
