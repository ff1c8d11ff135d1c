namespace Phantom.Streams.Flow;

/// <summary>
/// The price an event leads to for its session and product. <see cref="ProductIndex"/> is -1 when the event
/// priced nothing (no product), in which case later pricing stages skip it.
/// </summary>
public struct PriceDecision
{
    public int ProductIndex;

    public double BasePrice;

    /// <summary>The price shown, after the shield.</summary>
    public double Price;

    /// <summary>The agent probability the policy used.</summary>
    public double AgentProbability;

    /// <summary>The session's demand q̂ the policy used.</summary>
    public double Demand;

    /// <summary>Index of the policy in the pricing registry (names are looked up only when writing out).</summary>
    public byte PolicyId;

    /// <summary>True when the shield replaced the policy's price by the baseline.</summary>
    public bool ShieldFallback;

    public readonly bool HasPrice => ProductIndex >= 0;

    public readonly double Markup => BasePrice > 0 ? Price / BasePrice : 1.0;

    public static PriceDecision None => new() { ProductIndex = -1 };
}
