namespace Phantom.Streams.Pricing;

/// <summary>The last price quoted to a session (the shield's memory): product, price and event time.</summary>
/// <param name="ProductIndex">-1 when the session has no quote yet.</param>
public readonly record struct LastQuote(int ProductIndex, double Price, long AtMs)
{
    public static LastQuote None => new(-1, 0, 0);
}
