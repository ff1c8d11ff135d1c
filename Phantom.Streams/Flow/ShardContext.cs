namespace Phantom.Streams.Flow;

/// <summary>What a stage factory knows about the shard it builds a stage for.</summary>
public sealed class ShardContext(int shard, int partitions, PipelineServices services)
{
    /// <summary>This shard's index, 0..<see cref="Partitions"/>-1 (a Kafka partition in node mode).</summary>
    public int Shard { get; } = shard;

    public int Partitions { get; } = partitions;

    public PipelineServices Services { get; } = services;
}
