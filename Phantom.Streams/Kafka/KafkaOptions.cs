namespace Phantom.Streams.Kafka;

/// <summary>
/// <c>phantom.kafka</c>: where a node's Kafka is, the CONTRACTS.md topic names, and the consumer and producer
/// settings Phantom chooses (everything else is librdkafka's default). Validate with <see cref="Validate"/>.
/// </summary>
public sealed class KafkaOptions
{
    /// <summary>Comma-separated host:port list (librdkafka <c>bootstrap.servers</c>).</summary>
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    /// <summary>The consumer group every node of one deployment shares (partitions are spread among its members).</summary>
    public string GroupId { get; set; } = "phantom";

    /// <summary>Topic of interaction events (the source).</summary>
    public string EventsTopic { get; set; } = "user-interactions";

    /// <summary>Topic of price logs (the ingest API publishes there).</summary>
    public string PriceLogTopic { get; set; } = "price-logs";

    /// <summary>Topic Phantom writes its prices to.</summary>
    public string PricesTopic { get; set; } = "prices";

    /// <summary>Topic of rejected records.</summary>
    public string DeadLetterTopic { get; set; } = "user-interactions.dead-letters";

    /// <summary>Partitions of the events and prices topics; the pipeline's partitions must equal it (a partition is a shard).</summary>
    public int Partitions { get; set; } = 12;

    /// <summary>Brokers of the development mock cluster (<c>phantom kafka-mock</c>).</summary>
    public int MockBrokers { get; set; } = 1;

    /// <summary>How long one consumer poll waits for a record before the source flushes its partial batches.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A consumer that sends no heartbeat for this long leaves the group (librdkafka <c>session.timeout.ms</c>).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a consumer heartbeats to the group coordinator (librdkafka <c>heartbeat.interval.ms</c>); members learn
    /// of a rebalance on their next heartbeat, so this bounds how fast a join or a graceful leave moves shards. Must be
    /// below <see cref="SessionTimeout"/> (Kafka advises at most a third of it).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the source commits its processed offsets to Kafka (also on every revocation).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the producer waits to fill a batch (librdkafka <c>linger.ms</c>): never one request per record.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long a produced record may wait for delivery before it fails (librdkafka <c>message.timeout.ms</c>), so a
    /// broker outage surfaces as an error (503 at ingest) within this time instead of librdkafka's 5 minutes.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most records in one produce batch (librdkafka <c>batch.num.messages</c>).</summary>
    public int ProduceBatchSize { get; set; } = 10000;

    /// <summary>Records the producer may hold unsent before a produce call waits (librdkafka <c>queue.buffering.max.messages</c>).</summary>
    public int ProducerQueueMessages { get; set; } = 500000;

    /// <summary>Where a group with no committed or stored offset starts: <c>earliest</c> or <c>latest</c>.</summary>
    public string AutoOffsetReset { get; set; } = "earliest";

    /// <summary>Throws an <see cref="ArgumentException"/> naming every bad key (phantom.kafka.*).</summary>
    public void Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string key, object value, string rule)
        {
            if (!ok)
            {
                problems.Add($"phantom.kafka.{key} = {value} is out of range: {rule}");
            }
        }

        Check(!string.IsNullOrWhiteSpace(BootstrapServers), "bootstrap-servers", BootstrapServers, "must name at least one host:port");
        Check(!string.IsNullOrWhiteSpace(GroupId), "group-id", GroupId, "must not be empty");
        foreach (var (key, topic) in new[] { ("events-topic", EventsTopic), ("price-log-topic", PriceLogTopic), ("prices-topic", PricesTopic), ("dead-letter-topic", DeadLetterTopic) })
        {
            Check(!string.IsNullOrWhiteSpace(topic), key, topic, "must not be empty");
        }

        Check(Partitions > 0, "partitions", Partitions, "must be > 0");
        Check(MockBrokers > 0, "mock-brokers", MockBrokers, "must be > 0");
        Check(PollTimeout > TimeSpan.Zero, "poll-timeout", PollTimeout, "must be a positive duration");
        Check(SessionTimeout >= TimeSpan.FromSeconds(1), "session-timeout", SessionTimeout, "must be at least 1s");
        Check(HeartbeatInterval > TimeSpan.Zero && HeartbeatInterval < SessionTimeout, "heartbeat-interval", HeartbeatInterval, "must be positive and below session-timeout");
        Check(CommitInterval > TimeSpan.Zero, "commit-interval", CommitInterval, "must be a positive duration");
        Check(Linger >= TimeSpan.Zero, "linger", Linger, "must be >= 0");
        Check(DeliveryTimeout > TimeSpan.Zero, "delivery-timeout", DeliveryTimeout, "must be > 0");
        Check(ProduceBatchSize > 0, "produce-batch-size", ProduceBatchSize, "must be > 0");
        Check(ProducerQueueMessages > 0, "producer-queue-messages", ProducerQueueMessages, "must be > 0");
        Check(AutoOffsetReset is "earliest" or "latest", "auto-offset-reset", AutoOffsetReset, "must be earliest or latest");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }
    }

    /// <summary>A copy (tests and tools change a few fields without touching the node's options).</summary>
    public KafkaOptions Clone() => (KafkaOptions)MemberwiseClone();
}
