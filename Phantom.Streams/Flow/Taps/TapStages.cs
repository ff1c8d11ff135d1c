using Phantom.Streams.Pricing;

namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// The stages an operator attaches to a running graph (<c>phantom ctl stages attach NAME</c>): <c>log-tap</c>,
/// <c>sample</c> and one <c>shadow-{policy}</c> per live pricing policy. None stops or changes an event.
/// </summary>
public static class TapStages
{
    /// <summary>Every tap by name.</summary>
    public static IEnumerable<(string Name, FlowStageFactory Factory)> Factories =>
        new (string, FlowStageFactory)[] { (LoggingTapStage.StageName, LoggingTapStage.Create), (SamplingStage.StageName, SamplingStage.Create) }
            .Concat(ShadowPolicyStage.Factories);

    /// <summary>Registers every tap in <paramref name="registry"/>.</summary>
    public static StageRegistry Register(StageRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, factory) in Factories)
        {
            registry.Register(name, factory);
        }

        return registry;
    }
}
