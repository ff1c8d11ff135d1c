using Phantom.Streams.Flow;

namespace Phantom.Streams.Metrics;

/// <summary>A snapshot of a <see cref="PartitionedPipeline"/>'s counters, summed over shards at read time.</summary>
/// <param name="EventsIn">Records accepted by the pipeline's writers.</param>
/// <param name="EventsProcessed">Records the shard workers took from their queues.</param>
/// <param name="Completed">Records that went through without rejection.</param>
/// <param name="Rejected">Records dead-lettered.</param>
/// <param name="RejectedByReason">Rejections per reason (only reasons seen).</param>
/// <param name="Failures">Exceptions thrown by stages or the dead-letter sink.</param>
/// <param name="Dropped">Records abandoned by an abort.</param>
/// <param name="Stages">Per stage, in graph order.</param>
/// <param name="Shards">Per shard.</param>
/// <param name="EndToEndP50Ms">Median time from write to the end of the stages, milliseconds (every event).</param>
/// <param name="EndToEndP99Ms">99th percentile of the same.</param>
/// <param name="EndToEndMeanMs">Mean of the same.</param>
/// <param name="EndToEndMaxMs">Maximum of the same.</param>
public sealed record PipelineMetrics(
    long EventsIn,
    long EventsProcessed,
    long Completed,
    long Rejected,
    IReadOnlyDictionary<RejectReason, long> RejectedByReason,
    long Failures,
    long Dropped,
    IReadOnlyList<StageMetrics> Stages,
    IReadOnlyList<ShardMetrics> Shards,
    double EndToEndP50Ms,
    double EndToEndP99Ms,
    double EndToEndMeanMs,
    double EndToEndMaxMs)
{
    /// <summary>Records written but not yet through the stages (queued, or in a writer's partial batch).</summary>
    public long InFlight => EventsIn - EventsProcessed;
}
