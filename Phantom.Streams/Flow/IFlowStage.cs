namespace Phantom.Streams.Flow;

/// <summary>
/// One step of the flow. An instance belongs to exactly one shard and is only ever called from that shard's worker
/// thread, so it may keep shard-local state without locks. <see cref="Process"/> is the hot path: no allocation, no
/// locks, O(1) in session length. A stage stops an event by setting <see cref="EventContext.Rejection"/> (dead
/// letter) or <see cref="EventContext.Done"/> (consumed, nothing more to do).
/// </summary>
public interface IFlowStage
{
    /// <summary>The registry name this stage was created under (e.g. <c>parse</c>, <c>shield</c>).</summary>
    string Name { get; }

    void Process(ref EventContext context);

    /// <summary>
    /// Called on the shard's thread before the batch's first record: a stage may look ahead at the batch (its
    /// <see cref="RecordBatch.Key"/>s) to prepare, e.g. prefetch the state the next records will touch.
    /// <see cref="EventContext.BatchIndex"/> says where <see cref="Process"/> is in it. Must not keep the batch after
    /// <see cref="EndBatch"/>.
    /// </summary>
    void BeginBatch(RecordBatch batch)
    {
    }

    /// <summary>Called on the shard's thread after each batch: the place to flush batched downstream I/O.</summary>
    void EndBatch()
    {
    }
}
