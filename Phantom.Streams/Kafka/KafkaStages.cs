using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;

namespace Phantom.Streams.Kafka;

/// <summary>Wires the offset-tracking stages a <see cref="KafkaSource"/>-fed pipeline needs.</summary>
public static class KafkaStages
{
    /// <summary>
    /// Registers <see cref="KafkaOffsetStage.MarkName"/> and <see cref="KafkaOffsetStage.PublishName"/> in
    /// <paramref name="registry"/> over <paramref name="offsets"/>, and puts them first and last in
    /// <c>options.Pipeline.Stages</c> (unless already there). Call before the pipeline is built.
    /// </summary>
    public static StageRegistry Configure(PhantomOptions options, StageRegistry registry, PartitionOffsets offsets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Partitions != options.Pipeline.ResolvedPartitions)
        {
            throw new ArgumentException(
                $"offsets track {offsets.Partitions} partitions but phantom.pipeline.partitions resolves to {options.Pipeline.ResolvedPartitions}",
                nameof(offsets));
        }

        registry
            .Register(KafkaOffsetStage.MarkName, shard => new KafkaOffsetStage(offsets, shard.Shard, publish: false))
            .Register(KafkaOffsetStage.PublishName, shard => new KafkaOffsetStage(offsets, shard.Shard, publish: true));
        var stages = options.Pipeline.Stages;
        if (!stages.Contains(KafkaOffsetStage.MarkName))
        {
            stages.Insert(0, KafkaOffsetStage.MarkName);
        }

        if (!stages.Contains(KafkaOffsetStage.PublishName))
        {
            stages.Add(KafkaOffsetStage.PublishName);
        }

        return registry;
    }
}
