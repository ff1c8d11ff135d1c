using Phantom.Streams.Flow;

namespace Phantom.Streams.Kafka;

/// <summary>
/// Tracks processed Kafka offsets inside the graph, in two places: <see cref="MarkName"/> first (it sees every record,
/// also those a later stage rejects or finishes early) notes the offset, and <see cref="PublishName"/> last publishes
/// it in <see cref="EndBatch"/>, which runs after every earlier stage's batch end (the price store's flush among them).
/// Per event: one compare and store. Wire both with <see cref="KafkaStages.Configure"/>.
/// </summary>
public sealed class KafkaOffsetStage : IFlowStage
{
    public const string MarkName = "kafka-mark";
    public const string PublishName = "kafka-offsets";

    private readonly PartitionOffsets _offsets;
    private readonly int _partition;
    private readonly bool _publish;

    public KafkaOffsetStage(PartitionOffsets offsets, int partition, bool publish)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if ((uint)partition >= (uint)offsets.Partitions)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"the offsets track {offsets.Partitions} partitions");
        }

        _offsets = offsets;
        _partition = partition;
        _publish = publish;
    }

    public string Name => _publish ? PublishName : MarkName;

    public void Process(ref EventContext context)
    {
        if (!_publish)
        {
            _offsets.Mark(_partition, context.SourceOffset);
        }
    }

    public void EndBatch()
    {
        if (_publish)
        {
            _offsets.Publish(_partition);
        }
    }
}
