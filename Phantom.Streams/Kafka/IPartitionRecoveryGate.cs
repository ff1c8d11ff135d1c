namespace Phantom.Streams.Kafka;

/// <summary>
/// Tells <see cref="KafkaSource"/> when a newly assigned partition's shard has its recovered state, so the source
/// holds back (parks, then pauses) only that partition's records meanwhile and keeps feeding every other shard.
/// </summary>
public interface IPartitionRecoveryGate
{
    /// <summary>
    /// True once the shard of <paramref name="partition"/> may apply the partition's records (its recovery, started by
    /// the source's <see cref="KafkaSource.PartitionsAssigned"/>, is published). Called on the consumer's thread, often:
    /// keep it a flag read. Throws when the recovery failed for good; the source stops with that error.
    /// </summary>
    bool IsReady(int partition);
}
