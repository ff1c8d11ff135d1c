using Phantom.Streams.Catalog;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class GlobalPriceBoardTests
{
    private static readonly CatalogOptions TwoProducts = new()
    {
        Dates = 1, Hotel = new() { ["cheap"] = 100, ["dear"] = 200 }, Airline = new(),
    };

    private readonly ProductCatalog _catalog = new(TwoProducts);
    private readonly FixedDemandSource _demand = new(TwoProducts.MaxProducts);
    private readonly RecordingPriceStore _store = new();

    private GlobalPriceBoard Create(string policy, PricingOptions? options = null)
    {
        options ??= new PricingOptions();
        return new GlobalPriceBoard(_catalog, _demand, PolicyRegistry.Create(policy, options, _catalog.Capacity), options, _store);
    }

    [Fact]
    public void Price_BeforeFirstStep_IsBase()
    {
        var board = Create("surge");

        Assert.Equal(100, board.Price(0));
        Assert.Equal(200, board.Price(1));
        Assert.Empty(board.Latest());
    }

    [Fact]
    public void Step_Surge_PricesEveryProductFromItsDemand()
    {
        var board = Create("surge");
        _demand.NormalizedValues[0] = 70;
        _demand.NormalizedValues[1] = 10;
        _demand.MeanNormalized = 40;

        Assert.True(board.Step(5_000));

        Assert.Equal(120, board.Price(0), 9);
        Assert.Equal(180, board.Price(1), 9);
        Assert.Equal([5_000L], _demand.Refreshes);
        Assert.Equal(70, board.DemandScore(0));
        Assert.Equal(40, board.MeanDemandScore);
        Assert.Equal(1, board.Version);
    }

    [Fact]
    public void Step_SurgeOnRawBasis_ReadsDecayedDemand()
    {
        var options = new PricingOptions();
        options.Surge.Basis = "raw";
        var board = Create("surge", options);
        _demand.RawValues[0] = 500;
        _demand.NormalizedValues[0] = 1;
        _demand.RawValues[1] = 45;

        board.Step(1);

        Assert.Equal(120, board.Price(0), 9);
        Assert.Equal(200, board.Price(1), 9);
    }

    [Fact]
    public void Step_Records_MatchPricesAndReachTheStore()
    {
        var board = Create("surge");
        _demand.NormalizedValues[0] = 70;

        board.Step(1);

        var record = board.Latest()[0];
        Assert.Equal(new GlobalPriceRecord(0, "hotel-cheap-01", 120, 100, 120, 70), record);
        Assert.Equal(2, board.Latest().Count);
        Assert.Same(board.Latest(), Assert.Single(_store.GlobalWrites));
    }

    [Fact]
    public void Step_ProposalBeyondCap_BaseAndCounted()
    {
        var options = new PricingOptions();
        options.Elasticity.Sensitivity = 10;
        var board = Create("elasticity", options);
        _demand.NormalizedValues[0] = 90;
        _demand.NormalizedValues[1] = 10;
        _demand.MeanNormalized = 50;

        board.Step(1);

        Assert.Equal(100, board.Price(0));
        Assert.Equal(200, board.Price(1));
        Assert.Equal(2, board.ShieldFallbacks);
        Assert.Equal(100 * (1 + (10 * 40 / (50 + 1e-6))), board.Latest()[0].OptimalPrice, 6);
    }

    [Fact]
    public void StepIfDue_EventClock_StepsOncePerInterval()
    {
        var board = Create("static");

        Assert.False(board.StepIfDue());
        board.ReportEventTime(10_000);
        Assert.True(board.StepIfDue());
        board.ReportEventTime(10_999);
        Assert.False(board.StepIfDue());
        board.ReportEventTime(5_000);
        Assert.Equal(10_999, board.EventClockMs);
        board.ReportEventTime(11_000);
        Assert.True(board.StepIfDue());

        Assert.Equal([10_000L, 11_000L], _demand.Refreshes);
    }

    [Fact]
    public void Step_Elasticity_ObservesPriceInEffectAndRawDemand()
    {
        var options = new PricingOptions();
        options.Elasticity.MinObservations = 2;
        var policy = (ElasticityPricingPolicy)PolicyRegistry.Create("elasticity", options, _catalog.Capacity);
        var board = new GlobalPriceBoard(_catalog, _demand, policy, options, _store);
        _demand.MeanNormalized = 50;

        // Step 1 observes (100, q̂) at the base price, then prices product 0 up: q̃ 75 vs mean 50 gives 105.
        _demand.RawValues[0] = 8;
        _demand.NormalizedValues[0] = 75;
        board.Step(1);
        Assert.Equal(105, board.Price(0), 4);

        // Step 2 observes (105, 4): slope ln(4/8)/ln(105/100).
        _demand.RawValues[0] = 4;
        board.Step(2);
        Assert.Equal(Math.Abs(Math.Log(0.5) / Math.Log(1.05)), policy.Elasticity(0), 6);
    }
}
