namespace Phantom.Streams.Pricing;

/// <summary>
/// One price shown to a session, as the price store receives it (the <c>prices</c> topic's record:
/// sessionId, productId, price, basePrice, markup, agentProbability, demand, policy, ts).
/// </summary>
/// <param name="SessionId">The session's id string, materialised once per session by its entity (not per event).</param>
/// <param name="TimestampMs">Event time of the event the price answers.</param>
public readonly record struct PriceUpdate(
    ulong SessionKey,
    string SessionId,
    int ProductIndex,
    double Price,
    double BasePrice,
    double AgentProbability,
    double Demand,
    byte PolicyId,
    bool ShieldFallback,
    long TimestampMs)
{
    public double Markup => BasePrice > 0 ? Price / BasePrice : 1.0;
}
