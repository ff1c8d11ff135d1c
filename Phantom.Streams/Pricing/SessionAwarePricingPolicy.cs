namespace Phantom.Streams.Pricing;

/// <summary>
/// The live <c>session-aware</c> tier. The global price is the base price; each session then sees
/// global · (VelocityMarkup if velocity &gt; VelocityThreshold) · (1 + DepthCoefficient·ln(1 + view depth))
/// · (CartMarkup if cart/view &gt; CartViewThreshold) · <see cref="DefenceMultiplier"/>(agent probability).
/// </summary>
public sealed class SessionAwarePricingPolicy(byte id, SessionAwareOptions options) : IPricingPolicy
{
    private readonly SessionAwareOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => PolicyRegistry.SessionAware;

    public byte Id { get; } = id;

    public double GlobalPrice(in PricingInput input) => input.BasePrice;

    public double SessionPrice(in PricingInput input)
    {
        var price = input.GlobalPrice;
        if (input.Velocity > _options.VelocityThreshold)
        {
            price *= _options.VelocityMarkup;
        }

        price *= 1.0 + (_options.DepthCoefficient * Math.Log(1.0 + input.ViewDepth));
        if (input.CartToViewRatio > _options.CartViewThreshold)
        {
            price *= _options.CartMarkup;
        }

        return price * DefenceMultiplier(input.AgentProbability, _options.AgentDefenceStrength);
    }

    /// <summary>
    /// The agent-aware defence: 1 + strength·clamp(2·(f − 0.5), 0, 1). Sessions at or below even odds pay nothing
    /// extra, the markup then rises linearly to 1 + strength at f = 1, so it is bounded to [1, 1 + strength] and a
    /// confident human is never charged for the detector's doubt. Raising the price an agent extracts, rather than
    /// blocking it, is what erodes the information value of scraping (PHANTOM-MODEL.md section 4). A non-finite f
    /// gives a non-finite multiplier on purpose: the shield then falls back to the base price and counts it.
    /// </summary>
    public static double DefenceMultiplier(double agentProbability, double strength)
    {
        if (double.IsNaN(agentProbability))
        {
            return double.NaN;
        }

        var excess = Math.Clamp(2.0 * (agentProbability - 0.5), 0.0, 1.0);
        return 1.0 + (strength * excess);
    }
}
