using Phantom.Streams.Flow;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The <c>shield</c> stage: passes the policy's price through <see cref="PriceShield"/> against the session's last
/// quote, replaces it by the base price when rejected (<see cref="PriceDecision.ShieldFallback"/>), counts the verdict
/// and records the shown price as the session's quote. The quote's time moves only when the shown price or product
/// changes, so ChangeInterval measures time since the price last moved: a session whose policy price jumped is held
/// at the baseline for at most one interval, rather than for as long as it keeps clicking.
/// </summary>
public sealed class ShieldStage(PriceShield shield, PricingShardStatistics statistics) : IFlowStage
{
    public const string StageName = "shield";

    private readonly PriceShield _shield = shield ?? throw new ArgumentNullException(nameof(shield));
    private readonly PricingShardStatistics _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));

    public string Name => StageName;

    /// <summary>Factory for the stage registry; needs <see cref="PricingStatistics"/> among the services.</summary>
    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new ShieldStage(
            new PriceShield(shard.Services.Options.Pricing.Shield),
            shard.Services.Get<PricingStatistics>().ForShard(shard.Shard));
    }

    /// <summary>
    /// The stage's work on plain values (testable without an entity): shields <paramref name="decision"/> against the
    /// quote, counts the verdict, and moves the quote when the shown price or product changed.
    /// </summary>
    public static void Shield(
        PriceShield shield, PricingShardStatistics statistics, ref PriceDecision decision, long nowMs,
        ref int quotedProduct, ref double quotedPrice, ref long quotedAtMs)
    {
        ArgumentNullException.ThrowIfNull(shield);
        ArgumentNullException.ThrowIfNull(statistics);
        var last = new LastQuote(quotedProduct, quotedPrice, quotedAtMs);
        var shown = shield.Apply(decision.Price, decision.BasePrice, decision.ProductIndex, last, nowMs, out var verdict);
        decision.Price = shown;
        decision.ShieldFallback = verdict != ShieldVerdict.Accepted;
        statistics.RecordVerdict(verdict);
        if (quotedProduct != decision.ProductIndex || quotedPrice != shown)
        {
            quotedProduct = decision.ProductIndex;
            quotedPrice = shown;
            quotedAtMs = nowMs;
        }
    }

    public void Process(ref EventContext context)
    {
        var session = context.Session;
        if (context.Stopped || !context.Price.HasPrice || session is null)
        {
            return;
        }

        Shield(_shield, _statistics, ref context.Price, context.Event.TimestampMs, ref session.QuotedProduct, ref session.QuotedPrice, ref session.QuotedAtMs);
    }
}
