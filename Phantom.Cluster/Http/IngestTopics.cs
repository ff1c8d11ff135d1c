using Phantom.Streams.Kafka;

namespace Phantom.Cluster.Http;

/// <summary>
/// The topics the ingest API publishes to: the configured Kafka topic names (CONTRACTS.md <c>user-interactions</c>
/// and <c>price-logs</c> by default), which the in-process publisher of embedded mode recognises by the same names.
/// </summary>
public sealed record IngestTopics(string Interactions, string PriceLogs)
{
    public static IngestTopics Default { get; } = From(new KafkaOptions());

    public static IngestTopics From(KafkaOptions kafka)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        return new IngestTopics(kafka.EventsTopic, kafka.PriceLogTopic);
    }
}
