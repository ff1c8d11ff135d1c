using Phantom.Streams.Flow;

namespace Phantom.Streams.Pricing;

/// <summary>The pricing stages' factories by registry name, for the pipeline's stage registry.</summary>
public static class PricingStages
{
    public static IReadOnlyDictionary<string, FlowStageFactory> Factories { get; } = new Dictionary<string, FlowStageFactory>
    {
        [PolicyStage.StageName] = PolicyStage.Create,
        [ShieldStage.StageName] = ShieldStage.Create,
        [PriceStoreStage.StageName] = PriceStoreStage.Create,
    };
}
