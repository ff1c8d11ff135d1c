using Confluent.Kafka;

namespace Phantom.Streams.Kafka;

/// <summary>Builds Confluent.Kafka client configurations from <see cref="KafkaOptions"/> (one place for the choices).</summary>
public static class KafkaClients
{
    /// <summary>A batching producer: linger and batch size from the options, idempotence off (the mock and old brokers lack it).</summary>
    public static ProducerConfig Producer(KafkaOptions options, string clientId = "phantom")
    {
        ArgumentNullException.ThrowIfNull(options);
        LibrdkafkaRuntime.EnsureAvailable();
        return new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,
            LingerMs = options.Linger.TotalMilliseconds,
            MessageTimeoutMs = (int)Math.Min(int.MaxValue, options.DeliveryTimeout.TotalMilliseconds),
            BatchNumMessages = options.ProduceBatchSize,
            QueueBufferingMaxMessages = options.ProducerQueueMessages,
            Acks = Acks.Leader,
        };
    }

    /// <summary>A group member that never commits on its own and never stores offsets behind the caller's back.</summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string clientId = "phantom")
    {
        ArgumentNullException.ThrowIfNull(options);
        LibrdkafkaRuntime.EnsureAvailable();
        return new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            AutoOffsetReset = options.AutoOffsetReset == "latest" ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
            SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)options.HeartbeatInterval.TotalMilliseconds,
            EnablePartitionEof = false,
        };
    }
}
