using Phantom.Streams.Flow;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Demand;

/// <summary>
/// The <c>demand</c> stage: adds ω(event) to the shard's slice of the <see cref="DemandBoard"/> for the event's
/// product, at the event's time. Events without a product carry no per-product demand.
/// </summary>
public sealed class DemandStage(DemandSlice slice, SessionModel model) : IFlowStage
{
    public const string StageName = "demand";

    public string Name => StageName;

    /// <summary>The registry factory. Needs <see cref="DemandBoard"/> (with a slice per shard) and <see cref="SessionModel"/> (for ω).</summary>
    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new DemandStage(shard.Services.Get<DemandBoard>().Slice(shard.Shard), shard.Services.Get<SessionModel>());
    }

    public void Process(ref EventContext context)
    {
        if (context.Stopped || context.Event.ProductIndex < 0)
        {
            return;
        }

        slice.Add(context.Event.ProductIndex, model.DemandWeight(context.Event.Name), context.Event.TimestampMs);
    }
}
