using Phantom.Streams.Flow;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class ShieldStageTests
{
    private readonly PriceShield _shield = new(new ShieldOptions { Floor = 0.5, Cap = 2, MaxChange = 0.25, ChangeInterval = TimeSpan.FromMinutes(1) });
    private readonly PricingStatistics _statistics = new(10);
    private int _quotedProduct = -1;
    private double _quotedPrice;
    private long _quotedAt;

    private PriceDecision Run(double proposed, long now, int product = 5)
    {
        var decision = new PriceDecision { ProductIndex = product, BasePrice = 100, Price = proposed };
        ShieldStage.Shield(_shield, _statistics.ForShard(0), ref decision, now, ref _quotedProduct, ref _quotedPrice, ref _quotedAt);
        return decision;
    }

    [Fact]
    public void Shield_FirstPrice_AcceptedAndQuoted()
    {
        var decision = Run(130, 1_000);

        Assert.Equal(130, decision.Price);
        Assert.False(decision.ShieldFallback);
        Assert.Equal((5, 130.0, 1_000L), (_quotedProduct, _quotedPrice, _quotedAt));
    }

    [Fact]
    public void Shield_NonFinite_BaseShownCountedAndQuoted()
    {
        var decision = Run(double.NaN, 1_000);

        Assert.Equal(100, decision.Price);
        Assert.True(decision.ShieldFallback);
        Assert.Equal(100, _quotedPrice);
        Assert.Equal(1, _statistics.Snapshot().FallbackNonFinite);
    }

    [Fact]
    public void Shield_SamePriceAgain_QuoteTimeKept()
    {
        Run(100, 1_000);
        Run(100, 50_000);

        Assert.Equal(1_000, _quotedAt);
    }

    [Fact]
    public void Shield_JumpHeldAtBase_AcceptedOnceIntervalPassedSinceLastMove()
    {
        Run(100, 0);
        var held = Run(140, 30_000);
        var stillHeld = Run(140, 59_000);
        var released = Run(140, 60_001);

        Assert.True(held.ShieldFallback);
        Assert.True(stillHeld.ShieldFallback);
        Assert.False(released.ShieldFallback);
        Assert.Equal(140, released.Price);
        Assert.Equal(2, _statistics.Snapshot().FallbackChangeTooLarge);
    }
}
