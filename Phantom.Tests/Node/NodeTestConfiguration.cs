using System.Globalization;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;

namespace Phantom.Tests.Node;

/// <summary>
/// The configuration of a test node on the mock cluster: one shard per partition of <paramref name="topics"/>, its
/// topic names and group, fast polls and commits, the pricing API on a free loopback port. Tests add what they vary.
/// </summary>
internal static class NodeTestConfiguration
{
    public static PhantomConfiguration ForKafka(KafkaOptions topics)
    {
        var partitions = topics.Partitions.ToString(CultureInfo.InvariantCulture);
        return new PhantomConfiguration()
            .Set("phantom.pipeline.partitions", partitions)
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Set("phantom.kafka.bootstrap-servers", topics.BootstrapServers)
            .Set("phantom.kafka.group-id", topics.GroupId)
            .Set("phantom.kafka.events-topic", topics.EventsTopic)
            .Set("phantom.kafka.prices-topic", topics.PricesTopic)
            .Set("phantom.kafka.price-log-topic", topics.PriceLogTopic)
            .Set("phantom.kafka.dead-letter-topic", topics.DeadLetterTopic)
            .Set("phantom.kafka.partitions", partitions)
            .Set("phantom.kafka.poll-timeout", "20ms")
            .Set("phantom.kafka.session-timeout", $"{(long)topics.SessionTimeout.TotalMilliseconds}ms")
            .Set("phantom.kafka.commit-interval", "200ms");
    }
}
