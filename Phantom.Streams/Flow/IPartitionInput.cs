namespace Phantom.Streams.Flow;

/// <summary>
/// One partition of an <see cref="IPartitionedSource"/>, pulled by its shard's worker thread only (single-threaded: no
/// locks needed). The shard calls <see cref="Pull"/> between batches, so asks, stage attach/detach and the kill switch
/// are seen at the next batch as in the routed mode.
/// </summary>
public interface IPartitionInput
{
    /// <summary>
    /// Appends up to <see cref="RecordBatch.Capacity"/> records to the empty <paramref name="batch"/> (copied with
    /// <see cref="RecordBatch.Append"/>, or as views with <see cref="RecordBatch.Borrow"/> and
    /// <see cref="RecordBatch.AppendView"/> when the bytes outlive the batch), each stamped with
    /// <paramref name="pulledTimestamp"/>: the clock read when the shard took the records from the source, the pulled
    /// counterpart of a routed record's enqueue stamp (read before the records are taken, so it only ever overstates
    /// their latency). With nothing available it may wait briefly (a few milliseconds at most, like a consumer poll)
    /// and return <see cref="PartitionPull.Idle"/>; <paramref name="cancellationToken"/> is the pipeline's kill switch.
    /// </summary>
    PartitionPull Pull(RecordBatch batch, long pulledTimestamp, CancellationToken cancellationToken);
}
