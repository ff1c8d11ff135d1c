namespace Phantom.Streams.Flow;

/// <summary>
/// A source whose input is already partitioned by session key, one partition per shard (Kafka partitions produced by
/// session key, a pre-split file): each shard worker pulls its own partition's records directly, on its own thread, and
/// runs them through its stages — no router, no queue, no hand-off between threads. The partitioning must send every
/// event of a session to the same partition (the producer's job; <see cref="PipelineWriter.ShardOf"/> is the function
/// the routed mode uses), so per-session order is the partition's order.
/// Run with <see cref="PartitionedPipeline.RunPartitionedSourceAsync"/>.
/// </summary>
public interface IPartitionedSource
{
    /// <summary>A short label for diagnostics.</summary>
    string Name { get; }

    /// <summary>Partitions offered; must equal the pipeline's shards.</summary>
    int Partitions { get; }

    /// <summary>
    /// The input of <paramref name="partition"/>, called once per partition, on the thread that starts the source.
    /// The returned input is then only used from that partition's shard thread.
    /// </summary>
    IPartitionInput OpenPartition(int partition);
}
