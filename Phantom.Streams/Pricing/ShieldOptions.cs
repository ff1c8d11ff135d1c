namespace Phantom.Streams.Pricing;

/// <summary><c>phantom.pricing.shield</c>: bounds every price must satisfy before it leaves a node.</summary>
public sealed class ShieldOptions
{
    /// <summary>Lowest price as a multiple of the product's base price.</summary>
    public double Floor { get; set; } = 0.5;

    /// <summary>Highest price as a multiple of the product's base price.</summary>
    public double Cap { get; set; } = 2.0;

    /// <summary>Largest relative change of one session's price for one product within <see cref="ChangeInterval"/>.</summary>
    public double MaxChange { get; set; } = 0.25;

    public TimeSpan ChangeInterval { get; set; } = TimeSpan.FromMinutes(1);
}
