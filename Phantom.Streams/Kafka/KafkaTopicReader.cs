using Confluent.Kafka;

namespace Phantom.Streams.Kafka;

/// <summary>
/// Reads a whole topic from the beginning to its current end, outside any consumer group (partitions are assigned,
/// nothing is committed): for tests, tools, and the plain-consume baseline of the Kafka benchmark.
/// </summary>
public static class KafkaTopicReader
{
    /// <summary>Every record of <paramref name="topic"/> now in it, partition by partition in offset order.</summary>
    public static IReadOnlyList<KafkaRecord> ReadAll(KafkaOptions options, string topic, TimeSpan timeout)
    {
        var records = new List<KafkaRecord>();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(Config(options)).Build();
        ReadToEnd(consumer, topic, timeout, result =>
            records.Add(new KafkaRecord(topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value ?? [])));
        return records;
    }

    /// <summary>
    /// Consumes <paramref name="topic"/> to its end doing nothing but count records and bytes (no payload copy): the
    /// plain-consume baseline. Returns (records, bytes).
    /// </summary>
    public static (long Records, long Bytes) CountAll(KafkaOptions options, string topic, TimeSpan timeout)
    {
        long records = 0;
        var bytes = new LengthDeserializer();
        using var consumer = new ConsumerBuilder<Ignore, int>(Config(options)).SetValueDeserializer(bytes).Build();
        ReadToEnd(consumer, topic, timeout, _ => records++);
        return (records, bytes.Total);
    }

    /// <summary>Partition count of <paramref name="topic"/> as the brokers report it (0 when it does not exist).</summary>
    public static int PartitionCount(KafkaOptions options, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var found = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        return found is null || found.Error.IsError ? 0 : found.Partitions.Count;
    }

    private static ConsumerConfig Config(KafkaOptions options)
    {
        var config = KafkaClients.Consumer(options, "phantom-reader");
        config.GroupId = "phantom-reader-" + Guid.NewGuid().ToString("N"); // never joined: assign() only
        config.EnablePartitionEof = true;
        return config;
    }

    private static void ReadToEnd<TKey, TValue>(IConsumer<TKey, TValue> consumer, string topic, TimeSpan timeout, Action<ConsumeResult<TKey, TValue>> onRecord)
    {
        var partitions = PartitionsOf(consumer, topic);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, new Partition(p), Offset.Beginning)));
        var open = new HashSet<int>(partitions);
        var deadline = DateTime.UtcNow + timeout;
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"reading '{topic}' to its end took longer than {timeout}; partitions not finished: {string.Join(",", open)}");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                open.Remove(result.Partition.Value);
                continue;
            }

            onRecord(result);
        }

        consumer.Close();
    }

    private static int[] PartitionsOf<TKey, TValue>(IConsumer<TKey, TValue> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var found = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        if (found is null || found.Error.IsError)
        {
            throw new InvalidOperationException($"topic '{topic}' is not available: {found?.Error.Reason ?? "no metadata"}");
        }

        return found.Partitions.Select(p => p.PartitionId).Order().ToArray();
    }

    private sealed class LengthDeserializer : IDeserializer<int>
    {
        public long Total;

        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            Total += data.Length;
            return data.Length;
        }
    }
}
