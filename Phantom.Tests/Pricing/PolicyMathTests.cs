using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class StaticPricingPolicyTests
{
    [Fact]
    public void GlobalPrice_AnyDemand_IsBase()
    {
        var policy = new StaticPricingPolicy(0);

        Assert.Equal(140, policy.GlobalPrice(new PricingInput(0, 140, 999, 95, 10, 50, 9, 9, 1, 1)));
    }

    [Fact]
    public void SessionPrice_AnySession_IsGlobal()
    {
        var policy = new StaticPricingPolicy(0);

        Assert.Equal(150, policy.SessionPrice(new PricingInput(0, 140, 150, 95, 10, 50, 9, 9, 1, 1)));
    }
}

public class SurgePricingPolicyTests
{
    private readonly SurgePricingPolicy _policy = new(1, new SurgeOptions { High = 60, Low = 30, Up = 1.2, Down = 0.9 });

    [Theory]
    [InlineData(60, 168)]
    [InlineData(100, 168)]
    [InlineData(59.9, 140)]
    [InlineData(45, 140)]
    [InlineData(30.1, 140)]
    [InlineData(30, 126)]
    [InlineData(0, 126)]
    public void GlobalPrice_ByProductDemand_TierOfBase(double demand, double expected)
    {
        Assert.Equal(expected, _policy.GlobalPrice(new PricingInput(0, 140, 500, demand, 50, 0, 0, 0, 0, 0)), 9);
    }

    [Fact]
    public void GlobalPrice_RawBasis_ComparesDecayedDemand()
    {
        var policy = new SurgePricingPolicy(1, new SurgeOptions { Basis = "raw", High = 60, Low = 30 });

        Assert.Equal(120, policy.GlobalPrice(new PricingInput(0, 100, 100, 1, 50, 0, 0, 0, 0, 0) { RawDemand = 75 }), 9);
        Assert.Equal(90, policy.GlobalPrice(new PricingInput(0, 100, 100, 99, 50, 0, 0, 0, 0, 0) { RawDemand = 3 }), 9);
    }

    [Fact]
    public void Constructor_UnknownBasis_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SurgePricingPolicy(1, new SurgeOptions { Basis = "share" }));
    }

    [Fact]
    public void GlobalPrice_HighDemandTwice_DoesNotCompound()
    {
        var first = _policy.GlobalPrice(new PricingInput(0, 100, 100, 80, 10, 0, 0, 0, 0, 0));
        var second = _policy.GlobalPrice(new PricingInput(0, 100, first, 80, 10, 0, 0, 0, 0, 0));

        Assert.Equal(120, second, 9);
    }
}

public class ElasticityPricingPolicyTests
{
    private static ElasticityPricingPolicy Create() =>
        new(2, new ElasticityOptions { Sensitivity = 0.1, DefaultElasticity = 1.0, MinObservations = 20 }, 8);

    [Theory]
    [InlineData(30, 10, 120)] // 100·(1 + 0.1·1·20/10)
    [InlineData(0, 10, 90)] // 100·(1 + 0.1·1·(−10)/10)
    [InlineData(10, 10, 100)]
    public void GlobalPrice_DefaultElasticity_HandComputed(double q, double mean, double expected)
    {
        Assert.Equal(expected, Create().GlobalPrice(new PricingInput(3, 100, 100, q, mean, 0, 0, 0, 0, 0)), 4);
    }

    [Fact]
    public void GlobalPrice_AfterMinObservationsOnKnownCurve_UsesLearntSlope()
    {
        var policy = Create();
        // q = e^4 · p^−2: |ε| = 2, so 100·(1 + 0.1·2·20/10) = 140.
        for (var i = 0; i < 20; i++)
        {
            var price = 50 + (5.0 * i);
            policy.Observe(3, price, Math.Exp(4) * Math.Pow(price, -2));
        }

        Assert.Equal(2, policy.Elasticity(3), 9);
        Assert.Equal(140, policy.GlobalPrice(new PricingInput(3, 100, 100, 30, 10, 0, 0, 0, 0, 0)), 4);
    }

    [Fact]
    public void Elasticity_BelowMinObservations_IsDefault()
    {
        var policy = Create();
        for (var i = 0; i < 19; i++)
        {
            var price = 50 + (5.0 * i);
            policy.Observe(3, price, Math.Exp(4) * Math.Pow(price, -2));
        }

        Assert.Equal(1.0, policy.Elasticity(3));
        Assert.Equal(1.0, policy.Elasticity(4));
    }

    [Fact]
    public void Elasticity_PriceNeverMoved_IsDefault()
    {
        var policy = Create();
        for (var i = 0; i < 40; i++)
        {
            policy.Observe(3, 100, 5 + i);
        }

        Assert.Equal(1.0, policy.Elasticity(3));
    }
}

public class SessionAwarePricingPolicyTests
{
    private readonly SessionAwarePricingPolicy _policy = new(3, new SessionAwareOptions());

    [Fact]
    public void SessionPrice_EveryAdjustment_HandComputed()
    {
        // 100 · 1.2 (velocity 6 > 5) · (1 + 0.03·ln 4) · 1.02 (cart 0.2 > 0.1) · (1 + 0.15·2·(0.75 − 0.5)) = 137.05...
        var expected = 100 * 1.2 * (1 + (0.03 * 1.3862943611198906)) * 1.02 * 1.075;

        var price = _policy.SessionPrice(new PricingInput(0, 80, 100, 0, 0, 6, 4, 3, 0.2, 0.75));

        Assert.Equal(137.0522, price, 3);
        Assert.Equal(expected, price, 9);
    }

    [Fact]
    public void SessionPrice_AtEveryThreshold_NoMarkup()
    {
        Assert.Equal(100, _policy.SessionPrice(new PricingInput(0, 80, 100, 0, 0, 5, 0, 0, 0.1, 0.5)), 12);
    }

    [Fact]
    public void GlobalPrice_IsBase()
    {
        Assert.Equal(80, _policy.GlobalPrice(new PricingInput(0, 80, 100, 90, 1, 0, 0, 0, 0, 0)));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.75, 1.075)]
    [InlineData(1.0, 1.15)]
    [InlineData(7.0, 1.15)]
    [InlineData(-3.0, 1.0)]
    [InlineData(double.PositiveInfinity, 1.15)]
    public void DefenceMultiplier_ByAgentProbability_BoundedRamp(double f, double expected)
    {
        Assert.Equal(expected, SessionAwarePricingPolicy.DefenceMultiplier(f, 0.15), 12);
    }

    [Fact]
    public void DefenceMultiplier_NaN_IsNaNForTheShield()
    {
        Assert.True(double.IsNaN(SessionAwarePricingPolicy.DefenceMultiplier(double.NaN, 0.15)));
    }
}
