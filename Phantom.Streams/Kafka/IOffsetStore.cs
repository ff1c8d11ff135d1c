namespace Phantom.Streams.Kafka;

/// <summary>
/// Where a consumer group's next offsets are kept outside Kafka. On assignment <see cref="KafkaSource"/> seeks each
/// new partition to <see cref="Load"/>'s answer; null means this store knows nothing and the group's offset committed
/// in Kafka applies (then <c>phantom.kafka.auto-offset-reset</c>). The journal-backed store keeps offsets in the same
/// transaction as the events they produced (then <see cref="Save"/> has nothing left to do); thread-safe.
/// </summary>
public interface IOffsetStore
{
    /// <summary>The next offset to read of this partition, or null when unknown here.</summary>
    long? Load(string group, string topic, int partition);

    /// <summary>Records that everything before <paramref name="nextOffset"/> is processed.</summary>
    void Save(string group, string topic, int partition, long nextOffset);
}
