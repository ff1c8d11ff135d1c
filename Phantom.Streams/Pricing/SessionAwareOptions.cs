namespace Phantom.Streams.Pricing;

/// <summary><c>phantom.pricing.session-aware</c>: per-session adjustments on top of the global price.</summary>
public sealed class SessionAwareOptions
{
    /// <summary>Events per minute above which a session is treated as high-intent.</summary>
    public double VelocityThreshold { get; set; } = 5;

    public double VelocityMarkup { get; set; } = 1.2;

    /// <summary>c in ×(1 + c·ln(1 + view depth)).</summary>
    public double DepthCoefficient { get; set; } = 0.03;

    /// <summary>Cart-to-view ratio above which <see cref="CartMarkup"/> applies.</summary>
    public double CartViewThreshold { get; set; } = 0.1;

    public double CartMarkup { get; set; } = 1.02;

    /// <summary>
    /// The agent-aware defence: the price is multiplied by 1 + strength·(f − 0.5)₊·2, bounded to
    /// [1, 1 + strength]; 0 turns the defence off.
    /// </summary>
    public double AgentDefenceStrength { get; set; } = 0.15;
}
