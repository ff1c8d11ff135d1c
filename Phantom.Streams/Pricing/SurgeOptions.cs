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

    /// <summary>Multiplier when demand is low.</summary>
    public double Down { get; set; } = 0.9;
}
