namespace Phantom.Streams.Kafka;

/// <summary>
/// The fallback <see cref="IOffsetStore"/>: keeps nothing itself, so a newly assigned partition resumes from the group's
/// offset committed in Kafka, which <see cref="KafkaSource"/> commits on revocation and every
/// <c>phantom.kafka.commit-interval</c>. At-least-once: records processed after the last commit are read again.
/// </summary>
public sealed class KafkaCommittedOffsetStore : IOffsetStore
{
    public static KafkaCommittedOffsetStore Instance { get; } = new();

    public long? Load(string group, string topic, int partition) => null;

    public void Save(string group, string topic, int partition, long nextOffset)
    {
        // Kafka's own commit (done by the source) is the record.
    }
}
