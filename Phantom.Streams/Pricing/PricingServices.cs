using Phantom.Streams.Demand;
using Phantom.Streams.Flow;

namespace Phantom.Streams.Pricing;

/// <summary>Assembles and registers what the pricing stages resolve from <see cref="PipelineServices"/>.</summary>
public static class PricingServices
{
    /// <summary>As <see cref="AddPricing(PipelineServices, IProductDemandSource, IPriceStore?)"/> over the pipeline's demand board.</summary>
    public static PipelineServices AddPricing(this PipelineServices services, DemandBoard demand, IPriceStore? store = null) =>
        services.AddPricing(new DemandBoardSource(demand), store);

    /// <summary>
    /// Creates the configured policy (<see cref="PricingOptions.Policy"/>), the <see cref="GlobalPriceBoard"/> over
    /// <paramref name="demand"/>, the <see cref="PricingStatistics"/> and (unless given) an <see cref="InMemoryPriceStore"/>,
    /// and adds them as <see cref="IPricingPolicy"/>, <see cref="GlobalPriceBoard"/>, <see cref="IPriceStore"/> and
    /// <see cref="PricingStatistics"/>. Call while assembling the pipeline, before any shard runs.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown policy name or invalid shield bounds.</exception>
    public static PipelineServices AddPricing(this PipelineServices services, IProductDemandSource demand, IPriceStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(demand);
        var options = services.Options.Pricing;
        var policy = PolicyRegistry.Create(options.Policy, options, services.Catalog.Capacity);
        store ??= new InMemoryPriceStore(stripes: services.Options.Pipeline.ResolvedPartitions);
        var board = new GlobalPriceBoard(services.Catalog, demand, policy, options, store);
        return services
            .Add(policy)
            .Add(store)
            .Add(board)
            .Add(new PricingStatistics(options));
    }
}
