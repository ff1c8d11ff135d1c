using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class PricingServicesTests
{
    private sealed class NoDeadLetters : IDeadLetterSink
    {
        public void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload) => throw new InvalidOperationException("unexpected dead letter");
    }

    private static PipelineServices Services(string policy = "session-aware")
    {
        var options = new PhantomOptions();
        options.Pricing.Policy = policy;
        return new PipelineServices(options, new ProductCatalog(options.Catalog), new NoDeadLetters());
    }

    [Fact]
    public void AddPricing_RegistersEveryServiceTheStagesResolve()
    {
        var services = Services("elasticity").AddPricing(new FixedDemandSource(4096));

        Assert.Equal("elasticity", services.Get<IPricingPolicy>().Name);
        Assert.Same(services.Get<IPricingPolicy>(), services.Get<GlobalPriceBoard>().Policy);
        Assert.IsType<InMemoryPriceStore>(services.Get<IPriceStore>());
        Assert.Equal(10.0, services.Get<PricingStatistics>().PriceFloor);
    }

    [Fact]
    public void AddPricing_UnknownPolicy_Throws()
    {
        Assert.Throws<ArgumentException>(() => Services("nope").AddPricing(new FixedDemandSource(4096)));
    }

    [Theory]
    [InlineData("policy")]
    [InlineData("shield")]
    [InlineData("price-store")]
    public void Factories_EachStage_CreatedUnderItsName(string name)
    {
        var services = Services().AddPricing(new FixedDemandSource(4096));

        var stage = PricingStages.Factories[name](new ShardContext(1, 4, services));

        Assert.Equal(name, stage.Name);
    }

    [Fact]
    public void Create_WithoutPricingServices_ExplainsWhatIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PolicyStage.Create(new ShardContext(0, 1, Services())));

        Assert.Contains(nameof(GlobalPriceBoard), error.Message);
    }
}
